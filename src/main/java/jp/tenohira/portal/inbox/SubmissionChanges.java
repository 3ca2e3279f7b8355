package jp.tenohira.portal.inbox;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.r2dbc.OptionsCapableConnectionFactory;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import jp.tenohira.portal.submission.SubmissionStatus;

/**
 * Hears every change to a submission on this node and hands it to the staff screens that
 * are connected here. One dedicated connection per node (outside the pool, so it never
 * holds a pooled connection or dies of the pool's maximum lifetime) runs
 * {@code LISTEN submission_changed}; the database triggers send {@code {id, section,
 * status, previousSection}} on commit. Each notification is looked up once (receipt
 * number, procedure, time) and multicast to every subscriber; a slow subscriber misses
 * events rather than holding the others up. When the connection drops it is opened again
 * with backoff, and subscribers are told to {@link Resync} because notifications sent in
 * between are lost.
 */
@Component
class SubmissionChanges implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SubmissionChanges.class);

	static final String CHANNEL = "submission_changed";

	private static final Duration HEALTH_CHECK = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** What subscribers receive. */
	sealed interface LiveEvent permits Changed, Resync {

	}

	/**
	 * A submission was inserted or updated (or moved between sections). No personal data.
	 *
	 * @param previousSectionId the section before an update; {@code null} for a new
	 * submission
	 */
	record Changed(UUID id, String receiptNumber, String procedureId, String sectionId, String previousSectionId,
			SubmissionStatus status, Instant submittedAt, int revision) implements LiveEvent {

		boolean isNew() {
			return this.previousSectionId == null;
		}

	}

	/** The listening connection was lost and is back: changes in between were missed. */
	record Resync() implements LiveEvent {
	}

	/** A notification, or {@code null} for "(re)connected". */
	private record Heard(String payload) {
	}

	private final ConnectionFactory listenerFactory;

	private final DatabaseClient db;

	private final Sinks.Many<LiveEvent> sink = Sinks.many().multicast().directBestEffort();

	/**
	 * Completes when this node stops listening. Replaced at every start: the test
	 * framework pauses cached contexts (stop, later start again), and a completed signal
	 * would end every event stream opened after the restart at once.
	 */
	private volatile Sinks.Empty<Void> stopped = Sinks.empty();

	private volatile Disposable listening;

	private volatile boolean connected;

	private volatile boolean connectedBefore;

	SubmissionChanges(ObjectProvider<R2dbcConnectionDetails> details, ConnectionFactory pooled, DatabaseClient db) {
		this.listenerFactory = listenerFactory(details.getIfAvailable(), pooled);
		this.db = db;
	}

	/**
	 * A factory for plain (unpooled) connections with the pool's settings: from Spring
	 * Boot's connection details, else from the options of the pooled factory.
	 */
	private static ConnectionFactory listenerFactory(R2dbcConnectionDetails details, ConnectionFactory pooled) {
		ConnectionFactoryOptions options = null;
		if (details != null) {
			options = details.getConnectionFactoryOptions();
		}
		else {
			OptionsCapableConnectionFactory capable = OptionsCapableConnectionFactory.unwrapFrom(pooled);
			if (capable != null) {
				options = capable.getOptions();
			}
		}
		if (options == null) {
			logger.warn("No R2DBC connection options found: live inbox updates are off on this node");
			return null;
		}
		ConnectionFactoryOptions.Builder builder = ConnectionFactoryOptions.builder().from(options);
		Object driver = options.getValue(ConnectionFactoryOptions.DRIVER);
		if ("pool".equals(driver)) {
			builder.option(ConnectionFactoryOptions.DRIVER,
					(String) options.getValue(ConnectionFactoryOptions.PROTOCOL));
		}
		builder.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(3));
		return ConnectionFactories.get(builder.build());
	}

	/** Every change heard from now on; subscribers filter by section. */
	Flux<LiveEvent> events() {
		return this.sink.asFlux();
	}

	/** Completes when the node stops: open event streams end with it. */
	Mono<Void> stopped() {
		return Mono.defer(() -> this.stopped.asMono());
	}

	/** Whether the listening connection is up (for tests and diagnostics). */
	boolean isListening() {
		return this.connected;
	}

	@Override
	public void start() {
		if (this.listenerFactory == null || this.listening != null) {
			return;
		}
		this.stopped = Sinks.empty();
		this.listening = listen()
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
				.maxBackoff(Duration.ofSeconds(30))
				.transientErrors(true)
				.doBeforeRetry((signal) -> logger.warn(
						"Live inbox updates lost their database connection ({}); " + "reconnecting (attempt {})",
						signal.failure().toString(), signal.totalRetriesInARow() + 1)))
			.concatMap(this::handle)
			.subscribe(this.sink::tryEmitNext, (ex) -> logger.error("Live inbox updates stopped", ex));
	}

	@Override
	public void stop() {
		Disposable current = this.listening;
		this.listening = null;
		this.connected = false;
		// end the open event streams first, so that graceful shutdown does not wait for
		// them; browsers reconnect to another node
		this.stopped.tryEmitEmpty();
		if (current != null) {
			current.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.listening != null;
	}

	/** One connection's life: LISTEN, then notifications until it fails. */
	private Flux<Heard> listen() {
		return Flux.usingWhen(Mono.from(this.listenerFactory.create()), (connection) -> {
			PostgresqlConnection postgres = unwrap(connection);
			Mono<Heard> subscribed = Flux.from(postgres.createStatement("LISTEN " + CHANNEL).execute())
				.flatMap(io.r2dbc.postgresql.api.PostgresqlResult::getRowsUpdated)
				.then(Mono.fromCallable(() -> new Heard(null)));
			Flux<Heard> notifications = postgres.getNotifications()
				.filter((n) -> CHANNEL.equals(n.getName()))
				.map((n) -> new Heard((n.getParameter() != null) ? n.getParameter() : ""));
			// notifications end or stall silently when the server goes away: check it
			Flux<Heard> health = Flux.interval(HEALTH_CHECK)
				.concatMap((tick) -> postgres.validate(ValidationDepth.REMOTE).timeout(Duration.ofSeconds(5)))
				.filter((valid) -> !valid)
				.flatMap((invalid) -> Mono.error(new IllegalStateException("listening connection is not valid")));
			// subscribe to notifications before LISTEN runs, so none is missed
			return Flux.merge(notifications, subscribed, health)
				.concatWith(Mono.error(new IllegalStateException("listening connection closed")));
		}, (connection) -> Mono.from(connection.close()).onErrorResume((ex) -> Mono.empty()),
				(connection, error) -> Mono.from(connection.close()).onErrorResume((ex) -> Mono.empty()),
				(connection) -> Mono.from(connection.close()).onErrorResume((ex) -> Mono.empty()))
			.doOnError((ex) -> this.connected = false);
	}

	private static PostgresqlConnection unwrap(Connection connection) {
		Connection current = connection;
		for (int depth = 0; depth < 5; depth++) {
			if (current instanceof PostgresqlConnection postgres) {
				return postgres;
			}
			if (current instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection inner) {
				current = inner;
			}
			else {
				break;
			}
		}
		throw new IllegalStateException("Live inbox updates need a PostgreSQL connection, got " + connection);
	}

	private Mono<LiveEvent> handle(Heard heard) {
		if (heard.payload() == null) {
			this.connected = true;
			boolean again = this.connectedBefore;
			this.connectedBefore = true;
			logger.info("Listening for submission changes");
			return again ? Mono.just(new Resync()) : Mono.empty();
		}
		if (this.sink.currentSubscriberCount() == 0) {
			return Mono.empty();
		}
		return Mono.fromCallable(() -> JSON.readValue(heard.payload(), Map.class))
			.flatMap((payload) -> lookUp(payload))
			.onErrorResume((ex) -> {
				logger.debug("Ignored a submission change that could not be read: {}", ex.toString());
				return Mono.empty();
			});
	}

	private Mono<LiveEvent> lookUp(Map<?, ?> payload) {
		Object id = payload.get("id");
		Object previous = payload.get("previousSection");
		if (id == null) {
			return Mono.empty();
		}
		return this.db
			.sql("select id, receipt_number, procedure_id, section_id, status, submitted_at, revision "
					+ "from submission where id = :id")
			.bind("id", UUID.fromString(id.toString()))
			.map((row) -> (LiveEvent) new Changed(row.get("id", UUID.class), row.get("receipt_number", String.class),
					row.get("procedure_id", String.class), row.get("section_id", String.class),
					(previous != null) ? previous.toString() : null,
					SubmissionStatus.valueOf(row.get("status", String.class)),
					row.get("submitted_at", OffsetDateTime.class).toInstant(), row.get("revision", Integer.class)))
			.one();
	}

}
