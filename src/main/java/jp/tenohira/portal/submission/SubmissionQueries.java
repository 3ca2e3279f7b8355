package jp.tenohira.portal.submission;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import jp.tenohira.portal.forms.Answers;

/**
 * SQL for submissions and the outbox entry written in the same transaction.
 */
@Repository
class SubmissionQueries {

	private static final String RECEIPT_COLUMNS = "id, draft_id, receipt_number, procedure_id, section_id, submitted_at";

	private final DatabaseClient db;

	SubmissionQueries(DatabaseClient db) {
		this.db = db;
	}

	Mono<Receipt> findByDraft(UUID draftId) {
		return this.db.sql("select " + RECEIPT_COLUMNS + " from submission where draft_id = :draft")
			.bind("draft", draftId)
			.map(SubmissionQueries::receipt)
			.one();
	}

	/**
	 * Inserts the submission unless one exists for the draft already. Returns the new
	 * receipt, or empty when another request got there first (the unique draft_id makes
	 * the loser wait for the winner's commit, then do nothing).
	 */
	Mono<Receipt> insertOnce(UUID id, Draft draft, Answers answers, String sectionId, Facts facts, int year,
			Instant now) {
		DatabaseClient.GenericExecuteSpec insert = this.db
			.sql("insert into submission (id, receipt_number, draft_id, procedure_id, definition_version, answers, "
					+ "section_id, owner_issuer, owner_subject, applicant_kana, notify_email, lang, submitted_at, "
					+ "updated_at, created_at) values (:id, "
					+ ":year || '-' || (select lpad(n::text, greatest(7, length(n::text)), '0') from nextval('receipt_number_seq') n), :draft, :procedure, :version, "
					+ ":answers, :section, :issuer, :subject, :kana, :email, :lang, :now, :now, :now) "
					+ "on conflict (draft_id) do nothing returning " + RECEIPT_COLUMNS)
			.bind("lang", facts.lang());
		insert = (facts.applicantKana() != null) ? insert.bind("kana", facts.applicantKana())
				: insert.bindNull("kana", String.class);
		insert = (facts.notifyEmail() != null) ? insert.bind("email", facts.notifyEmail())
				: insert.bindNull("email", String.class);
		return insert.bind("id", id)
			.bind("year", String.valueOf(year))
			.bind("draft", draft.id())
			.bind("procedure", draft.procedureId())
			.bind("version", draft.definitionVersion())
			.bind("answers", AnswersJson.write(answers))
			.bind("section", sectionId)
			.bind("issuer", DraftQueries.nullable(draft.ownerIssuer()))
			.bind("subject", DraftQueries.nullable(draft.ownerSubject()))
			.bind("now", DraftQueries.offset(now))
			.map(SubmissionQueries::receipt)
			.one();
	}

	/** Derived at submit for staff search and e-mail: never taken from the post. */
	record Facts(String applicantKana, String notifyEmail, String lang) {
	}

	Mono<Void> insertRevision(UUID submissionId, int revision, Answers answers, Instant now) {
		return this.db
			.sql("insert into submission_revision (id, submission_id, revision, answers, created_at) values (:id, "
					+ ":submission, :revision, :answers, :now)")
			.bind("id", UUID.randomUUID())
			.bind("submission", submissionId)
			.bind("revision", revision)
			.bind("answers", AnswersJson.write(answers))
			.bind("now", DraftQueries.offset(now))
			.then();
	}

	Mono<Void> insertOutbox(String eventType, UUID aggregateId, Map<String, ?> payload, Instant now) {
		return this.db.sql(
				"insert into outbox (id, event_type, aggregate_id, payload, created_at) values (:id, :type, :aggregate, "
						+ ":payload, :now)")
			.bind("id", UUID.randomUUID())
			.bind("type", eventType)
			.bind("aggregate", aggregateId)
			.bind("payload", AnswersJson.write(payload))
			.bind("now", DraftQueries.offset(now))
			.then();
	}

	Mono<Void> insertMail(String type, UUID submissionId, Instant now) {
		return this.db
			.sql("insert into outbox (id, event_type, aggregate_id, payload, created_at, next_attempt_at) values "
					+ "(:id, :type, :submission, :payload, :now, :now)")
			.bind("id", UUID.randomUUID())
			.bind("type", type)
			.bind("submission", submissionId)
			.bind("payload", AnswersJson.write(Map.of("submissionId", submissionId.toString())))
			.bind("now", DraftQueries.offset(now))
			.then();
	}

	Flux<Receipt> submissionsOf(String issuer, String subject) {
		return this.db
			.sql("select " + RECEIPT_COLUMNS
					+ " from submission where owner_issuer = :issuer and owner_subject = :subject "
					+ "order by submitted_at desc limit 100")
			.bind("issuer", issuer)
			.bind("subject", subject)
			.map(SubmissionQueries::receipt)
			.all();
	}

	static Receipt receipt(Readable row) {
		return new Receipt(row.get("id", UUID.class), row.get("draft_id", UUID.class),
				row.get("receipt_number", String.class), row.get("procedure_id", String.class),
				row.get("section_id", String.class), row.get("submitted_at", OffsetDateTime.class).toInstant());
	}

}
