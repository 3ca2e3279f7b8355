package jp.tenohira.portal.submission;

import java.time.Instant;
import java.util.UUID;

/**
 * What a resident gets for a submission: the receipt number (受付番号), when, and which
 * section handles it.
 */
public record Receipt(UUID submissionId, UUID draftId, String receiptNumber, String procedureId, String sectionId,
		Instant submittedAt) {
}
