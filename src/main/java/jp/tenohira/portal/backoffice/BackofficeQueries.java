package jp.tenohira.portal.backoffice;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the back-office API.
 */
@Repository
class BackofficeQueries {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, List<String>>> ANSWERS = new TypeReference<>() {
	};

	private final DatabaseClient db;

	BackofficeQueries(DatabaseClient db) {
		this.db = db;
	}

	/** A submission row as the feed reads it. */
	record Change(UUID id, String receiptNumber, String procedureId, String definitionVersion, String status,
			int revision, Instant submittedAt, Instant updatedAt, ChangeCursor position) {
	}

	/**
	 * Up to {@code limit} submissions of the section written after the cursor, in the
	 * order they were written. Only rows whose writing transaction is older than every
	 * transaction still running are returned ({@code pg_snapshot_xmin}): a transaction
	 * that began earlier but commits later would otherwise appear behind a cursor that
	 * has already moved past it, and be missed for good.
	 */
	Flux<Change> changes(String sectionId, ChangeCursor after, int limit) {
		return this.db
			.sql("select id, receipt_number, procedure_id, definition_version, status, revision, submitted_at, "
					+ "updated_at, change_xid::text as change_xid, change_seq from submission "
					+ "where section_id = :section and (change_xid, change_seq) > (cast(:xid as xid8), :seq) "
					+ "and change_xid < pg_snapshot_xmin(pg_current_snapshot()) "
					+ "order by change_xid, change_seq limit :limit")
			.bind("section", sectionId)
			.bind("xid", after.xid())
			.bind("seq", after.seq())
			.bind("limit", limit)
			.map((row) -> new Change(row.get("id", UUID.class), row.get("receipt_number", String.class),
					row.get("procedure_id", String.class), row.get("definition_version", String.class),
					row.get("status", String.class), row.get("revision", Integer.class), instant(row, "submitted_at"),
					instant(row, "updated_at"),
					new ChangeCursor(row.get("change_xid", String.class), row.get("change_seq", Long.class))))
			.all();
	}

	/** A submission with everything the API shows of it. */
	record Submission(UUID id, String receiptNumber, String procedureId, String definitionVersion, String sectionId,
			String status, int revision, Instant submittedAt, Instant updatedAt, Map<String, List<String>> answers,
			String decisionReason, UUID draftId) {

		/**
		 * Whether the answers refer to this attachment (a file that a later answer
		 * replaced or hid is not part of the submission).
		 */
		boolean refersTo(String fieldId, UUID attachmentId) {
			List<String> values = this.answers.get(fieldId);
			return values != null && values.contains(attachmentId.toString());
		}

		/**
		 * The same submission with other answers (for example with My Numbers withheld).
		 */
		Submission withAnswers(Map<String, List<String>> others) {
			return new Submission(this.id, this.receiptNumber, this.procedureId, this.definitionVersion, this.sectionId,
					this.status, this.revision, this.submittedAt, this.updatedAt, others, this.decisionReason,
					this.draftId);
		}

	}

	Mono<Submission> submission(UUID id) {
		return this.db
			.sql("select id, receipt_number, procedure_id, definition_version, section_id, status, revision, "
					+ "submitted_at, updated_at, answers::text as answers, decision_reason, draft_id from submission "
					+ "where id = :id")
			.bind("id", id)
			.map((row) -> new Submission(row.get("id", UUID.class), row.get("receipt_number", String.class),
					row.get("procedure_id", String.class), row.get("definition_version", String.class),
					row.get("section_id", String.class), row.get("status", String.class),
					row.get("revision", Integer.class), instant(row, "submitted_at"), instant(row, "updated_at"),
					answers(row.get("answers", String.class)), row.get("decision_reason", String.class),
					row.get("draft_id", UUID.class)))
			.one();
	}

	/** An attachment's facts, without its content. */
	record Attachment(UUID id, String fieldId, String fileName, String mediaType, long sizeBytes, String sha256) {
	}

	Flux<Attachment> attachments(UUID draftId) {
		return this.db
			.sql("select id, field_id, file_name, media_type, size_bytes, sha256 from attachment "
					+ "where draft_id = :draft order by field_id, id")
			.bind("draft", draftId)
			.map(BackofficeQueries::attachment)
			.all();
	}

	/** An attachment with its bytes. */
	record AttachmentContent(Attachment attachment, byte[] content) {
	}

	Mono<AttachmentContent> attachmentContent(UUID draftId, UUID attachmentId) {
		return this.db
			.sql("select id, field_id, file_name, media_type, size_bytes, sha256, content from attachment "
					+ "where id = :id and draft_id = :draft")
			.bind("id", attachmentId)
			.bind("draft", draftId)
			.map((row) -> new AttachmentContent(attachment(row), bytes(row.get("content", ByteBuffer.class))))
			.one();
	}

	private static Attachment attachment(Readable row) {
		return new Attachment(row.get("id", UUID.class), row.get("field_id", String.class),
				row.get("file_name", String.class), row.get("media_type", String.class),
				row.get("size_bytes", Long.class), row.get("sha256", String.class));
	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Map<String, List<String>> answers(String json) {
		return (json != null) ? JSON.readValue(json, ANSWERS) : Map.of();
	}

}
