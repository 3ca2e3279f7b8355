package jp.tenohira.portal.casework;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import jp.tenohira.portal.forms.Answers;

/**
 * SQL for the case screen: the submission with its revisions, open correction request,
 * history, notes and attachments. Reads only; the workflow writes through
 * {@code SubmissionWorkflow}, notes are the one thing written here.
 */
@Repository
class CaseQueries {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DatabaseClient db;

	CaseQueries(DatabaseClient db) {
		this.db = db;
	}

	/** The submission as staff see it. */
	record CaseRow(UUID id, String receiptNumber, UUID draftId, String procedureId, String definitionVersion,
			Answers answers, String sectionId, String status, String assigneeSubject, String assigneeName, int revision,
			String decisionReason, Instant submittedAt, Instant updatedAt, boolean ownerLoggedIn) {
	}

	/** One stored revision of the answers. */
	record RevisionRow(int revision, Answers answers, Instant createdAt) {
	}

	/** The correction request the resident has not answered yet. */
	record CorrectionRow(List<String> fieldIds, String message, String requestedByName, Instant createdAt) {
	}

	/** One history event. */
	record EventRow(String action, String actorKind, String actorSubject, String actorName, String fromStatus,
			String toStatus, Map<String, Object> detail, Instant createdAt) {
	}

	/** One internal note. */
	record NoteRow(String authorName, String body, Instant createdAt) {
	}

	/** An attachment's description (no content). */
	record AttachmentRow(UUID id, String fieldId, String fileName, String mediaType, long sizeBytes, String sha256) {
	}

	/** An attachment with its bytes, for download. */
	record AttachmentFile(UUID id, String fieldId, String fileName, byte[] content) {
	}

	Mono<CaseRow> find(UUID id) {
		return this.db.sql("""
				select id, receipt_number, draft_id, procedure_id, definition_version, answers, section_id, status,
				    assignee_subject, assignee_name, revision, decision_reason, submitted_at, updated_at,
				    owner_subject is not null as owner_logged_in
				from submission where id = :id
				""").bind("id", id).map(CaseQueries::caseRow).one();
	}

	/** The latest two revisions, newest first. */
	Flux<RevisionRow> latestRevisions(UUID submissionId) {
		return this.db
			.sql("select revision, answers, created_at from submission_revision where submission_id = :id "
					+ "order by revision desc limit 2")
			.bind("id", submissionId)
			.map((row) -> new RevisionRow(row.get("revision", Integer.class), answers(row.get("answers", Json.class)),
					instant(row, "created_at")))
			.all();
	}

	Mono<CorrectionRow> openCorrection(UUID submissionId) {
		return this.db
			.sql("select field_ids, message, requested_by_name, created_at from correction_request "
					+ "where submission_id = :id and resolved_at is null")
			.bind("id", submissionId)
			.map((row) -> new CorrectionRow(fieldIds(row.get("field_ids", Json.class)),
					row.get("message", String.class), row.get("requested_by_name", String.class),
					instant(row, "created_at")))
			.one();
	}

	Flux<EventRow> events(UUID submissionId) {
		return this.db.sql("""
				select action, actor_kind, actor_subject, actor_name, from_status, to_status, detail, created_at
				from submission_event where submission_id = :id order by created_at, id limit 500
				""")
			.bind("id", submissionId)
			.map((row) -> new EventRow(row.get("action", String.class), row.get("actor_kind", String.class),
					row.get("actor_subject", String.class), row.get("actor_name", String.class),
					row.get("from_status", String.class), row.get("to_status", String.class),
					map(row.get("detail", Json.class)), instant(row, "created_at")))
			.all();
	}

	Flux<NoteRow> notes(UUID submissionId) {
		return this.db
			.sql("select author_name, body, created_at from submission_note where submission_id = :id "
					+ "order by created_at, id limit 500")
			.bind("id", submissionId)
			.map((row) -> new NoteRow(row.get("author_name", String.class), row.get("body", String.class),
					instant(row, "created_at")))
			.all();
	}

	/** The attachments stored for the submission's draft (descriptions only). */
	Flux<AttachmentRow> attachments(UUID draftId) {
		return this.db.sql("""
				select id, field_id, file_name, media_type, size_bytes, sha256 from attachment
				where draft_id = :draft order by created_at, id
				""")
			.bind("draft", draftId)
			.map((row) -> new AttachmentRow(row.get("id", UUID.class), row.get("field_id", String.class),
					row.get("file_name", String.class), row.get("media_type", String.class),
					row.get("size_bytes", Long.class), row.get("sha256", String.class)))
			.all();
	}

	Mono<AttachmentFile> attachment(UUID draftId, UUID attachmentId) {
		return this.db
			.sql("select id, field_id, file_name, content from attachment where draft_id = :draft and id = :id")
			.bind("draft", draftId)
			.bind("id", attachmentId)
			.map((row) -> new AttachmentFile(row.get("id", UUID.class), row.get("field_id", String.class),
					row.get("file_name", String.class), bytes(row.get("content"))))
			.one();
	}

	Mono<Void> insertNote(UUID submissionId, String subject, String name, String body, Instant now) {
		return this.db.sql("""
				insert into submission_note (id, submission_id, author_subject, author_name, body, created_at)
				values (:id, :submission, :subject, :name, :body, :now)
				""")
			.bind("id", UUID.randomUUID())
			.bind("submission", submissionId)
			.bind("subject", subject)
			.bind("name", name)
			.bind("body", body)
			.bind("now", now.atOffset(ZoneOffset.UTC))
			.then();
	}

	private static CaseRow caseRow(Readable row) {
		return new CaseRow(row.get("id", UUID.class), row.get("receipt_number", String.class),
				row.get("draft_id", UUID.class), row.get("procedure_id", String.class),
				row.get("definition_version", String.class), answers(row.get("answers", Json.class)),
				row.get("section_id", String.class), row.get("status", String.class),
				row.get("assignee_subject", String.class), row.get("assignee_name", String.class),
				row.get("revision", Integer.class), row.get("decision_reason", String.class),
				instant(row, "submitted_at"), instant(row, "updated_at"),
				Boolean.TRUE.equals(row.get("owner_logged_in", Boolean.class)));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static byte[] bytes(Object value) {
		if (value instanceof byte[] array) {
			return array;
		}
		if (value instanceof java.nio.ByteBuffer buffer) {
			byte[] array = new byte[buffer.remaining()];
			buffer.duplicate().get(array);
			return array;
		}
		throw new IllegalStateException("unexpected attachment content type");
	}

	static Answers answers(Json json) {
		if (json == null) {
			return Answers.empty();
		}
		return new Answers(JSON.readValue(json.asString(), new TypeReference<LinkedHashMap<String, List<String>>>() {
		}));
	}

	static Map<String, Object> map(Json json) {
		if (json == null) {
			return Map.of();
		}
		return JSON.readValue(json.asString(), new TypeReference<LinkedHashMap<String, Object>>() {
		});
	}

	private static List<String> fieldIds(Json json) {
		Object fields = map(json).get("fields");
		if (fields instanceof List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return List.of();
	}

}
