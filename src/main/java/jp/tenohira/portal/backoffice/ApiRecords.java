package jp.tenohira.portal.backoffice;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON documents of the back-office API (see {@code docs/api/openapi.yaml}).
 */
final class ApiRecords {

	private ApiRecords() {
	}

	/** A submission as the change feed lists it. */
	record SubmissionSummary(UUID id, String receiptNumber, String procedureId, String definitionVersion, String status,
			int revision, Instant submittedAt, Instant updatedAt, String self) {
	}

	/** One page of the change feed. */
	record ChangesPage(List<SubmissionSummary> items, String nextCursor, boolean hasMore) {
	}

	/** An attachment's facts and where to download it. */
	record AttachmentInfo(UUID id, String fieldId, String fileName, String mediaType, long sizeBytes, String sha256,
			String href) {
	}

	/** One submission with its answers and attachments. */
	record SubmissionDocument(UUID id, String receiptNumber, String procedureId, String definitionVersion,
			String sectionId, String status, int revision, Instant submittedAt, Instant updatedAt,
			Map<String, List<String>> answers, String decisionReason, List<AttachmentInfo> attachments, String self) {
	}

	/** A status update request; unknown members are ignored. */
	record StatusUpdate(String status, String reason) {
	}

	/** What a status update did. */
	record StatusResult(String status, boolean changed) {
	}

}
