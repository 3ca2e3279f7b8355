package jp.tenohira.portal.submission;

import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The signed document of a submission, rebuilt from what was stored at submit: the first
 * revision of the answers (corrections made later are new revisions and were not signed)
 * and the digests of the files attached to the draft.
 */
@Component
public class SubmissionSignedDocuments {

	private final DatabaseClient db;

	private final DraftQueries drafts;

	SubmissionSignedDocuments(DatabaseClient db, DraftQueries drafts) {
		this.db = db;
		this.drafts = drafts;
	}

	/**
	 * The exact bytes whose SHA-256 the resident signed.
	 * @param submissionId the submission
	 * @return the document, empty when there is no such submission
	 */
	public Mono<byte[]> document(UUID submissionId) {
		return this.db
			.sql("select s.procedure_id, s.definition_version, s.draft_id, r.answers from submission s "
					+ "join submission_revision r on r.submission_id = s.id and r.revision = 1 where s.id = :id")
			.bind("id", submissionId)
			.map((row) -> new Stored(row.get("procedure_id", String.class), row.get("definition_version", String.class),
					row.get("draft_id", UUID.class), AnswersJson.read(row.get("answers", Json.class))))
			.one()
			.flatMap((stored) -> this.drafts.attachmentDigests(stored.draftId())
				.map((digests) -> signed(stored, digests)));
	}

	private static byte[] signed(Stored stored, Map<String, String> digests) {
		return SignedDocument.of(stored.procedureId(), stored.version(), stored.answers(), digests).bytes();
	}

	private record Stored(String procedureId, String version, UUID draftId, jp.tenohira.portal.forms.Answers answers) {
	}

}
