package jp.tenohira.portal.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import jp.tenohira.portal.forms.DefinitionVersions;

/**
 * Sends the residents' e-mails queued in the outbox ({@code mail.*} rows). Each run
 * leases a batch of due rows (several relays, on one node or many, never take the same
 * row), renders and sends each mail on {@link Schedulers#boundedElastic()} because
 * JavaMail blocks, and then marks the row processed. A failed send is tried again after 1
 * min, 5 min, 30 min, 2 h and 12 h; after the sixth attempt the row is parked
 * ({@code failed_at}) for an operator. Delivery is at least once: a relay that dies after
 * sending but before marking sends the mail again when the lease runs out. Without an
 * SMTP server ({@code spring.mail.host}) it does nothing and the rows wait.
 */
@Component
public class MailRelay {

	private static final Logger logger = LoggerFactory.getLogger(MailRelay.class);

	static final int BATCH = 20;

	static final Duration LEASE = Duration.ofMinutes(2);

	/**
	 * Waits after the 1st, 2nd, … failed attempt; the attempt after the last one is the
	 * final one.
	 */
	static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
			Duration.ofHours(2), Duration.ofHours(12));

	static final int MAX_ATTEMPTS = BACKOFF.size() + 1;

	/**
	 * Mails in flight at once per relay: a slow SMTP server must not outlast the lease.
	 */
	private static final int CONCURRENCY = 4;

	private final MailOutbox outbox;

	private final DefinitionVersions versions;

	private final MailComposer composer;

	private final JavaMailSender sender;

	private final NotificationProperties properties;

	private final Clock clock;

	@Autowired
	MailRelay(MailOutbox outbox, DefinitionVersions versions, MailComposer composer,
			ObjectProvider<JavaMailSender> sender, NotificationProperties properties, Clock clock) {
		this(outbox, versions, composer, sender.getIfAvailable(), properties, clock);
		if (this.sender == null) {
			logger.info("E-mail notifications are off (spring.mail.host is not set); they wait in the outbox");
		}
	}

	MailRelay(MailOutbox outbox, DefinitionVersions versions, MailComposer composer, JavaMailSender sender,
			NotificationProperties properties, Clock clock) {
		this.outbox = outbox;
		this.versions = versions;
		this.composer = composer;
		this.sender = sender;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Leases one batch of due mails and deals with each; returns how many were finished
	 * (sent, or nothing to send). Failures are recorded on their rows, not signalled.
	 */
	public Mono<Long> sendDueOnce() {
		if (this.sender == null) {
			return Mono.just(0L);
		}
		Instant now = this.clock.instant();
		return this.outbox.claim(now, now.plus(LEASE), BATCH)
			.flatMap(this::deliver, CONCURRENCY)
			.filter(Boolean::booleanValue)
			.count();
	}

	Mono<Void> poll() {
		return sendDueOnce().onErrorResume((ex) -> {
			logger.warn("Mail relay failed; will retry: {}", ex.getClass().getName());
			return Mono.empty();
		}).then();
	}

	private Mono<Boolean> deliver(MailOutbox.Claimed row) {
		MailKind kind = MailKind.fromEventType(row.eventType()).orElse(null);
		Mono<MailOutbox.Facts> known = (kind != null) ? this.outbox.facts(row.submissionId(), row.createdAt())
				: Mono.error(new Undeliverable("UnknownMailType"));
		return known.switchIfEmpty(Mono.error(() -> new Undeliverable("NoSuchSubmission")))
			.flatMap((facts) -> this.versions.resolve(facts.procedureId(), facts.definitionVersion())
				.switchIfEmpty(Mono.error(() -> new Undeliverable("NoSuchDefinition")))
				.map((definition) -> Notice.of(kind, facts, definition)))
			.flatMap((notice) -> (notice.to() != null) ? send(notice) : Mono.empty())
			.then(Mono.defer(() -> this.outbox.markProcessed(row.id(), this.clock.instant())))
			.thenReturn(true)
			// one row's trouble (even recording it) never cancels the others in the batch
			.onErrorResume((ex) -> failed(row, ex).onErrorResume((again) -> {
				logger.warn("E-mail {}: could not record the failed attempt ({}); the lease will run out", row.id(),
						again.getClass().getName());
				return Mono.empty();
			}).thenReturn(false));
	}

	/**
	 * Renders and sends on a worker thread: templates are read from the classpath, and
	 * JavaMail resolves host names and talks SMTP with blocking sockets.
	 */
	private Mono<Void> send(Notice notice) {
		return Mono.fromRunnable(() -> this.sender.send(message(notice)))
			.subscribeOn(Schedulers.boundedElastic())
			.then();
	}

	private MimeMessage message(Notice notice) {
		MailComposer.Mail mail = this.composer.compose(notice);
		MimeMessage message = this.sender.createMimeMessage();
		try {
			MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
			helper.setFrom(this.properties.from());
			helper.setTo(new InternetAddress(notice.to(), true));
			helper.setSubject(mail.subject());
			helper.setText(mail.body(), false);
			helper.setSentDate(Date.from(this.clock.instant()));
			message.setHeader("Auto-Submitted", "auto-generated");
		}
		catch (AddressException ex) {
			throw new Undeliverable("InvalidAddress");
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
		return message;
	}

	private Mono<Void> failed(MailOutbox.Claimed row, Throwable ex) {
		if (ex instanceof Undeliverable undeliverable) {
			return park(row, undeliverable.getMessage()).then();
		}
		String error = errorName(ex);
		if (row.attempts() >= MAX_ATTEMPTS) {
			return park(row, error).then();
		}
		Duration wait = BACKOFF.get(Math.max(row.attempts(), 1) - 1);
		logger.info("E-mail {} not sent (attempt {}, {}); next try in {}", row.id(), row.attempts(), error, wait);
		return this.outbox.retryLater(row.id(), this.clock.instant().plus(wait), error);
	}

	private Mono<Boolean> park(MailOutbox.Claimed row, String error) {
		logger.warn("E-mail {} parked after {} attempts ({}); an operator must look at it", row.id(), row.attempts(),
				error);
		return this.outbox.park(row.id(), this.clock.instant(), error).thenReturn(false);
	}

	/**
	 * The exception's class, and its root cause's: never a message, which could carry an
	 * address or content.
	 */
	static String errorName(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		if (root == ex && ex instanceof org.springframework.mail.MailSendException send
				&& send.getMessageExceptions().length > 0) {
			root = send.getMessageExceptions()[0];
		}
		return (root == ex) ? ex.getClass().getName() : ex.getClass().getName() + " < " + root.getClass().getName();
	}

	/**
	 * A mail that can never be sent (no such submission or definition, an address that is
	 * not one): parked at once. The message is a fixed code, never data.
	 */
	static final class Undeliverable extends RuntimeException {

		Undeliverable(String code) {
			super(code, null, false, false);
		}

	}

}
