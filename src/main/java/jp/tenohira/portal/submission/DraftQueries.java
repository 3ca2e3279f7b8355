package jp.tenohira.portal.submission;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import jp.tenohira.portal.forms.Answers;

/**
 * SQL for drafts and their attachments.
 */
@Repository
class DraftQueries {

	private static final String COLUMNS = "id, procedure_id, definition_version, answers, owner_token_hash, owner_issuer, "
			+ "owner_subject, status, created_at, updated_at";

	private final DatabaseClient db;

	DraftQueries(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> insert(Draft draft) {
		return this.db
			.sql("insert into draft (" + COLUMNS + ") values (:id, :procedure, :version, :answers, :token, "
					+ ":issuer, :subject, :status, :created, :updated)")
			.bind("id", draft.id())
			.bind("procedure", draft.procedureId())
			.bind("version", draft.definitionVersion())
			.bind("answers", AnswersJson.write(draft.answers()))
			.bind("token", draft.ownerTokenHash())
			.bind("issuer", nullable(draft.ownerIssuer()))
			.bind("subject", nullable(draft.ownerSubject()))
			.bind("status", draft.status().name())
			.bind("created", offset(draft.createdAt()))
			.bind("updated", offset(draft.updatedAt()))
			.then();
	}

	Mono<Draft> find(UUID id) {
		return this.db.sql("select " + COLUMNS + " from draft where id = :id")
			.bind("id", id)
			.map(DraftQueries::draft)
			.one();
	}

	/**
	 * Locks an open draft for submitting; concurrent submits wait here, and once the
	 * first commits the draft is no longer open, so the others find nothing and return
	 * the existing receipt.
	 */
	Mono<Draft> lockOpen(UUID id) {
		return this.db.sql("select " + COLUMNS + " from draft where id = :id and status = 'OPEN' for update")
			.bind("id", id)
			.map(DraftQueries::draft)
			.one();
	}

	/**
	 * Saves answers of an open draft; a submitted draft is not changed (the update
	 * matches no row).
	 */
	Mono<Long> updateAnswers(UUID id, Answers answers, Instant now) {
		return this.db.sql("update draft set answers = :answers, updated_at = :now where id = :id and status = 'OPEN'")
			.bind("answers", AnswersJson.write(answers))
			.bind("now", offset(now))
			.bind("id", id)
			.fetch()
			.rowsUpdated();
	}

	Mono<Long> markSubmitted(UUID id, Instant now) {
		return this.db.sql("update draft set status = 'SUBMITTED', updated_at = :now where id = :id")
			.bind("now", offset(now))
			.bind("id", id)
			.fetch()
			.rowsUpdated();
	}

	Flux<Draft> openDraftsOf(String issuer, String subject) {
		return this.db
			.sql("select " + COLUMNS + " from draft where owner_issuer = :issuer and owner_subject = :subject "
					+ "and status = 'OPEN' order by updated_at desc limit 50")
			.bind("issuer", issuer)
			.bind("subject", subject)
			.map(DraftQueries::draft)
			.all();
	}

	Mono<Void> saveAttachment(UUID id, UUID draftId, String fieldId, String fileName, String mediaType, byte[] content,
			String sha256, Instant now) {
		return this.db
			.sql("insert into attachment (id, draft_id, field_id, file_name, media_type, size_bytes, sha256, content, "
					+ "created_at) values (:id, :draft, :field, :name, :type, :size, :sha, :content, :now) "
					+ "on conflict (draft_id, field_id) do update set id = excluded.id, file_name = excluded.file_name, "
					+ "media_type = excluded.media_type, size_bytes = excluded.size_bytes, sha256 = excluded.sha256, "
					+ "content = excluded.content, created_at = excluded.created_at")
			.bind("id", id)
			.bind("draft", draftId)
			.bind("field", fieldId)
			.bind("name", fileName)
			.bind("type", mediaType)
			.bind("size", (long) content.length)
			.bind("sha", sha256)
			.bind("content", java.nio.ByteBuffer.wrap(content))
			.bind("now", offset(now))
			.then();
	}

	Mono<Long> deleteAttachment(UUID draftId, String fieldId) {
		return this.db.sql("delete from attachment where draft_id = :draft and field_id = :field")
			.bind("draft", draftId)
			.bind("field", fieldId)
			.fetch()
			.rowsUpdated();
	}

	/** The SHA-256 (hex) of each file attached to the draft, by field. */
	Mono<java.util.Map<String, String>> attachmentDigests(UUID draftId) {
		return this.db.sql("select field_id, sha256 from attachment where draft_id = :draft")
			.bind("draft", draftId)
			.map((row) -> java.util.Map.entry(row.get("field_id", String.class), row.get("sha256", String.class)))
			.all()
			.collectMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue);
	}

	/**
	 * Records a signature the resident is making in the app; earlier unfinished ones end.
	 */
	Mono<Void> insertSigning(PendingSignature pending, Instant now) {
		return this.db.sql("delete from draft_signing where draft_id = :draft or created_at < :stale")
			.bind("draft", pending.draftId())
			.bind("stale", offset(now.minus(java.time.Duration.ofHours(1))))
			.then()
			.then(this.db
				.sql("insert into draft_signing (id, state_hash, draft_id, transaction_id, document_sha256, nonce, "
						+ "code_verifier, redirect_uri, created_at) values (:id, :state, :draft, :tx, :sha, :nonce, "
						+ ":verifier, :redirect, :now)")
				.bind("id", UUID.randomUUID())
				.bind("state", pending.stateHash())
				.bind("draft", pending.draftId())
				.bind("tx", pending.transactionId())
				.bind("sha", java.nio.ByteBuffer.wrap(pending.documentSha256()))
				.bind("nonce", pending.nonce())
				.bind("verifier", pending.codeVerifier())
				.bind("redirect", pending.redirectUri())
				.bind("now", offset(now))
				.then());
	}

	/** The draft a signature was started for, without using the signature up. */
	Mono<UUID> signingDraft(String stateHash) {
		return this.db.sql("select draft_id from draft_signing where state_hash = :state")
			.bind("state", stateHash)
			.map((row) -> row.get("draft_id", UUID.class))
			.one();
	}

	/**
	 * Takes (finds and removes) the signature started with this state: each state is used
	 * once.
	 */
	Mono<PendingSignature> takeSigning(String stateHash, Instant now) {
		return this.db
			.sql("delete from draft_signing where state_hash = :state and created_at > :stale returning draft_id, "
					+ "transaction_id, document_sha256, nonce, code_verifier, redirect_uri")
			.bind("state", stateHash)
			.bind("stale", offset(now.minus(java.time.Duration.ofMinutes(30))))
			.map((row) -> new PendingSignature(stateHash, row.get("draft_id", UUID.class),
					row.get("transaction_id", String.class),
					bytes(row.get("document_sha256", java.nio.ByteBuffer.class)), row.get("nonce", String.class),
					row.get("code_verifier", String.class), row.get("redirect_uri", String.class)))
			.one();
	}

	private static byte[] bytes(java.nio.ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	static Draft draft(Readable row) {
		return new Draft(row.get("id", UUID.class), row.get("procedure_id", String.class),
				row.get("definition_version", String.class), AnswersJson.read(row.get("answers", Json.class)),
				row.get("owner_token_hash", String.class), row.get("owner_issuer", String.class),
				row.get("owner_subject", String.class), Draft.Status.valueOf(row.get("status", String.class)),
				row.get("created_at", OffsetDateTime.class).toInstant(),
				row.get("updated_at", OffsetDateTime.class).toInstant());
	}

	static OffsetDateTime offset(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	static org.springframework.r2dbc.core.Parameter nullable(String value) {
		return org.springframework.r2dbc.core.Parameter.fromOrEmpty(value, String.class);
	}

}
