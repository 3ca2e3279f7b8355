package jp.tenohira.portal.notification;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of the mail relay: lease due mail rows of the outbox, read what a mail says
 * about its submission, and record how each attempt went. Every statement commits on its
 * own, so no transaction is ever open while the relay talks to the SMTP server.
 */
@Component
class MailOutbox {

	/**
	 * Leases a batch: rows that are due, not finished and not leased by a live relay. The
	 * attempt is counted when the lease is taken, so a relay that dies mid-send still
	 * uses up an attempt. {@code skip locked} keeps concurrent relays off each other's
	 * rows, and a row leased meanwhile fails the re-check of the where clause.
	 */
	static final String CLAIM_SQL = """
			update outbox set locked_until = :lease, attempts = attempts + 1
			where id in (
			    select id from outbox
			    where event_type like 'mail.%' and processed_at is null and failed_at is null
			        and next_attempt_at <= :now and (locked_until is null or locked_until < :now)
			    order by next_attempt_at limit :limit
			    for update skip locked
			)
			returning id, event_type, aggregate_id, attempts, created_at
			""";

	/**
	 * The submission's facts as they were when the mail was queued: the decision and the
	 * correction request written in the same transaction as the outbox row (so a later
	 * change does not rewrite an earlier mail).
	 */
	static final String FACTS_SQL = """
			select s.receipt_number, s.procedure_id, s.definition_version, s.lang, s.notify_email, s.status,
			    s.decision_reason, d.to_status as decided_status, c.message as correction_message,
			    array(select jsonb_array_elements_text(c.field_ids -> 'fields')) as correction_fields
			from submission s
			left join lateral (
			    select e.to_status from submission_event e
			    where e.submission_id = s.id and e.created_at <= :at
			        and e.to_status in ('APPROVED', 'REJECTED', 'COMPLETED')
			    order by e.created_at desc limit 1
			) d on true
			left join lateral (
			    select r.message, r.field_ids from correction_request r
			    where r.submission_id = s.id and r.created_at <= :at
			    order by r.created_at desc limit 1
			) c on true
			where s.id = :id
			""";

	private final DatabaseClient db;

	MailOutbox(DatabaseClient db) {
		this.db = db;
	}

	/** A leased outbox row. */
	record Claimed(UUID id, String eventType, UUID submissionId, int attempts, Instant createdAt) {
	}

	/** What a mail may say about its submission. */
	record Facts(String receiptNumber, String procedureId, String definitionVersion, String lang, String notifyEmail,
			String status, String decisionReason, String decidedStatus, String correctionMessage,
			List<String> correctionFields) {
	}

	Flux<Claimed> claim(Instant now, Instant leaseUntil, int limit) {
		return this.db.sql(CLAIM_SQL)
			.bind("lease", utc(leaseUntil))
			.bind("now", utc(now))
			.bind("limit", limit)
			.map((row) -> new Claimed(row.get("id", UUID.class), row.get("event_type", String.class),
					row.get("aggregate_id", UUID.class), row.get("attempts", Integer.class),
					row.get("created_at", OffsetDateTime.class).toInstant()))
			.all();
	}

	Mono<Facts> facts(UUID submissionId, Instant queuedAt) {
		return this.db.sql(FACTS_SQL).bind("id", submissionId).bind("at", utc(queuedAt)).map(MailOutbox::facts).one();
	}

	private static Facts facts(Readable row) {
		String[] fields = row.get("correction_fields", String[].class);
		return new Facts(row.get("receipt_number", String.class), row.get("procedure_id", String.class),
				row.get("definition_version", String.class), row.get("lang", String.class),
				row.get("notify_email", String.class), row.get("status", String.class),
				row.get("decision_reason", String.class), row.get("decided_status", String.class),
				row.get("correction_message", String.class), (fields != null) ? List.of(fields) : List.of());
	}

	/** Done: sent, or nothing to send. */
	Mono<Void> markProcessed(UUID id, Instant now) {
		return this.db.sql("update outbox set processed_at = :now, locked_until = null where id = :id")
			.bind("now", utc(now))
			.bind("id", id)
			.then();
	}

	/** Failed this time: try again at {@code next}; the error is a class name only. */
	Mono<Void> retryLater(UUID id, Instant next, String error) {
		return this.db
			.sql("update outbox set next_attempt_at = :next, locked_until = null, last_error = :error where id = :id")
			.bind("next", utc(next))
			.bind("error", error)
			.bind("id", id)
			.then();
	}

	/** Failed for the last time: parked for an operator, never tried again by itself. */
	Mono<Void> park(UUID id, Instant now, String error) {
		return this.db
			.sql("update outbox set failed_at = :now, locked_until = null, last_error = :error where id = :id")
			.bind("now", utc(now))
			.bind("error", error)
			.bind("id", id)
			.then();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
