package jp.tenohira.portal.backoffice;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import jp.tenohira.portal.audit.AuditAction;
import jp.tenohira.portal.audit.AuditEntry;
import jp.tenohira.portal.audit.AuditLog;
import jp.tenohira.portal.forms.DefinitionVersions;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.MyNumberAnswer;
import jp.tenohira.portal.identity.ApiClient;
import jp.tenohira.portal.submission.Actor;
import jp.tenohira.portal.submission.SubmissionStatus;
import jp.tenohira.portal.submission.SubmissionWorkflow;
import jp.tenohira.portal.submission.WorkflowException;

/**
 * What an API client may do with the submissions of its sections. A submission or section
 * the client is not granted is answered exactly like one that does not exist (404). Reads
 * of answers and files are recorded in the audit trail before they are returned.
 */
@Service
class BackofficeApi {

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 500;

	/** The statuses a core system may set. */
	static final Set<SubmissionStatus> SETTABLE = EnumSet.of(SubmissionStatus.IN_REVIEW, SubmissionStatus.APPROVED,
			SubmissionStatus.REJECTED, SubmissionStatus.COMPLETED);

	private final BackofficeQueries queries;

	private final SubmissionWorkflow workflow;

	private final FormRegistry registry;

	private final AuditLog audit;

	private final DefinitionVersions versions;

	BackofficeApi(BackofficeQueries queries, SubmissionWorkflow workflow, FormRegistry registry, AuditLog audit,
			DefinitionVersions versions) {
		this.queries = queries;
		this.workflow = workflow;
		this.registry = registry;
		this.audit = audit;
		this.versions = versions;
	}

	/** New or changed submissions of a section since the cursor. */
	Mono<ApiRecords.ChangesPage> changes(ApiClient client, String sectionId, String cursor, String limit) {
		if (!client.mayUse(sectionId) || this.registry.city().section(sectionId).isEmpty()) {
			return Mono.error(ApiProblem.notFound());
		}
		ChangeCursor after = ChangeCursor.parse(cursor)
			.orElseThrow(() -> ApiProblem.badRequest("invalid-cursor",
					"The cursor is not one this API issued. Start again without 'after'."));
		int size = limit(limit);
		return this.queries.changes(sectionId, after, size + 1).collectList().map((rows) -> {
			boolean more = rows.size() > size;
			List<BackofficeQueries.Change> page = more ? rows.subList(0, size) : rows;
			List<ApiRecords.SubmissionSummary> items = new ArrayList<>(page.size());
			page.forEach((row) -> items.add(new ApiRecords.SubmissionSummary(row.id(), row.receiptNumber(),
					row.procedureId(), row.definitionVersion(), row.status(), row.revision(), row.submittedAt(),
					row.updatedAt(), self(row.id()))));
			ChangeCursor next = page.isEmpty() ? after : page.get(page.size() - 1).position();
			return new ApiRecords.ChangesPage(items, next.token(), more);
		});
	}

	/**
	 * One submission of the client's sections, with its attachments. My Numbers are never
	 * sent, not even as ciphertext: their answer is a fixed text saying so.
	 */
	Mono<ApiRecords.SubmissionDocument> submission(ApiClient client, UUID id) {
		return visible(client, id)
			.flatMap((found) -> this.versions.resolve(found.procedureId(), found.definitionVersion())
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.map((definition) -> found.withAnswers(
						MyNumberAnswer.withhold(definition.orElse(null), found.answers(), MyNumberAnswer.WITHHELD))))
			.flatMap(
					(submission) -> this.queries.attachments(submission.draftId())
						.filter((a) -> submission.refersTo(a.fieldId(), a.id()))
						.map((a) -> new ApiRecords.AttachmentInfo(a.id(), a.fieldId(), a.fileName(), a.mediaType(),
								a.sizeBytes(), a.sha256(), self(submission.id()) + "/attachments/" + a.id()))
						.collectList()
						.flatMap((attachments) -> this.audit
							.record(AuditEntry
								.api(client.clientId(), AuditAction.SUBMISSION_VIEW, "submission",
										submission.id().toString(), submission.sectionId())
								.withDetail(Map.of("receiptNumber", submission.receiptNumber())))
							.thenReturn(new ApiRecords.SubmissionDocument(submission.id(), submission.receiptNumber(),
									submission.procedureId(), submission.definitionVersion(), submission.sectionId(),
									submission.status(), submission.revision(), submission.submittedAt(),
									submission.updatedAt(), submission.answers(), submission.decisionReason(),
									attachments, self(submission.id())))));
	}

	/** An attachment of a submission of the client's sections, with its bytes. */
	Mono<BackofficeQueries.AttachmentContent> attachment(ApiClient client, UUID id, UUID attachmentId) {
		return visible(client, id)
			.flatMap((submission) -> this.queries.attachmentContent(submission.draftId(), attachmentId)
				.filter((file) -> submission.refersTo(file.attachment().fieldId(), attachmentId))
				.flatMap((file) -> this.audit.record(AuditEntry
					.api(client.clientId(), AuditAction.ATTACHMENT_DOWNLOAD, "attachment", attachmentId.toString(),
							submission.sectionId())
					.withDetail(
							Map.of("submissionId", submission.id().toString(), "fieldId", file.attachment().fieldId())))
					.thenReturn(file)))
			.switchIfEmpty(Mono.error(ApiProblem::notFound));
	}

	/**
	 * Sets a submission's status; the same status again changes nothing and says so.
	 */
	Mono<ApiRecords.StatusResult> setStatus(ApiClient client, UUID id, ApiRecords.StatusUpdate update) {
		SubmissionStatus target = settable(update.status());
		return this.workflow
			.setStatus(id, SubmissionWorkflow.Access.api(client.sections()), target, update.reason(),
					Actor.api(client.clientId()))
			.switchIfEmpty(Mono.error(ApiProblem::notFound))
			.onErrorMap(WorkflowException.class, BackofficeApi::problem)
			.flatMap((result) -> {
				Mono<Void> recorded = result.changed()
						? this.audit.record(AuditEntry
							.api(client.clientId(), AuditAction.STATUS_CHANGE, "submission",
									result.submissionId().toString(), result.sectionId())
							.withDetail(Map.of("from", result.before().name(), "to", result.after().name())))
						: Mono.empty();
				return recorded.thenReturn(new ApiRecords.StatusResult(result.after().name(), result.changed()));
			});
	}

	private Mono<BackofficeQueries.Submission> visible(ApiClient client, UUID id) {
		return this.queries.submission(id)
			.filter((submission) -> client.mayUse(submission.sectionId()))
			.switchIfEmpty(Mono.error(ApiProblem::notFound));
	}

	private static SubmissionStatus settable(String status) {
		if (status == null) {
			throw ApiProblem.badRequest("status-required", "Give the status to set.");
		}
		try {
			SubmissionStatus target = SubmissionStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
			if (SETTABLE.contains(target)) {
				return target;
			}
		}
		catch (IllegalArgumentException ex) {
			// answered below
		}
		throw ApiProblem.badRequest("invalid-status",
				"The status must be one of IN_REVIEW, APPROVED, REJECTED or " + "COMPLETED.");
	}

	private static ApiProblem problem(Throwable error) {
		String code = ((WorkflowException) error).code();
		return switch (code) {
			case "not-allowed" -> new ApiProblem(HttpStatus.CONFLICT, "transition-not-allowed",
					"The submission's current status does not allow this change.");
			case "reason-required" ->
				ApiProblem.badRequest("reason-required", "Rejecting needs a reason, which the applicant is told.");
			case "role-required" ->
				new ApiProblem(HttpStatus.FORBIDDEN, "not-permitted", "This client may not make this change.");
			default -> new ApiProblem(HttpStatus.CONFLICT, code, "The change cannot be made.");
		};
	}

	private static int limit(String limit) {
		if (limit == null || limit.isEmpty()) {
			return DEFAULT_LIMIT;
		}
		try {
			int value = Integer.parseInt(limit);
			if (value >= 1 && value <= MAX_LIMIT) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiProblem.badRequest("invalid-limit", "The limit must be a whole number from 1 to " + MAX_LIMIT + ".");
	}

	static String self(UUID id) {
		return "/api/v1/submissions/" + id;
	}

}
