package jp.tenohira.portal.submission;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import jp.tenohira.portal.forms.AnswerValidator;
import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.DefinitionVersions;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FieldProblem;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.LocalizedText;

/**
 * A logged-in resident's side of the workflow: their submissions with status, the open
 * correction request, fixing exactly the fields staff named on the same submission (a new
 * revision, the old one kept), and withdrawing.
 */
@Service
class ResidentCaseService {

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final DefinitionVersions versions;

	private final SubmissionWorkflow workflow;

	private final SubmissionQueries submissions;

	private final Clock clock;

	ResidentCaseService(DatabaseClient db, TransactionalOperator transaction, DefinitionVersions versions,
			SubmissionWorkflow workflow, SubmissionQueries submissions, Clock clock) {
		this.db = db;
		this.transaction = transaction;
		this.versions = versions;
		this.workflow = workflow;
		this.submissions = submissions;
		this.clock = clock;
	}

	/** One of the resident's submissions as マイページ shows it. */
	record Case(UUID id, UUID draftId, String receiptNumber, String procedureId, String definitionVersion,
			SubmissionStatus status, String decisionReason, int revision, Instant submittedAt, Instant updatedAt,
			Answers answers, String lang) {
	}

	/** The open correction request. */
	record Correction(List<String> fieldIds, String message, Instant requestedAt) {
	}

	/** A case with its definition version and open correction, if any. */
	record CaseDetail(Case submission, ProcedureDefinition definition, Correction correction) {

		/**
		 * A page holding just the fields to fix, in definition order: the correction
		 * form.
		 */
		Page correctionPage() {
			List<FieldDefinition> fields = new ArrayList<>();
			String pageId = this.definition.pages().get(0).id();
			for (Page page : this.definition.pages()) {
				for (FieldDefinition field : page.fields()) {
					if (this.correction != null && this.correction.fieldIds().contains(field.id()) && !offline(field)) {
						if (fields.isEmpty()) {
							pageId = page.id();
						}
						fields.add(field);
					}
				}
			}
			// carries the id of the first named field's page, so progress and anchors
			// resolve as on the form
			return new Page(pageId, this.definition.title(), null, null, fields);
		}

		/**
		 * Requested fields that cannot be fixed online (files, and My Numbers, which are
		 * only ever taken through the signed form): the resident is told how.
		 */
		List<LocalizedText> offlineFields() {
			return this.definition.allFields()
				.stream()
				.filter((f) -> this.correction != null && this.correction.fieldIds().contains(f.id()) && offline(f))
				.map(FieldDefinition::label)
				.toList();
		}

		private static boolean offline(FieldDefinition field) {
			// what the card says cannot be corrected online either: the card's
			// certificate is renewed at the counter
			return field instanceof FieldDefinition.FileField || field instanceof FieldDefinition.MyNumberField
					|| field.fromCard().isPresent();
		}

	}

	/** What a resubmission did. */
	sealed interface ResubmitOutcome {

		/** Saved as a new revision; staff were told. */
		record Resubmitted(int revision) implements ResubmitOutcome {
		}

		/** Problems with what was entered: shown with the entered values kept. */
		record Problems(Answers entered, List<FieldProblem> problems) implements ResubmitOutcome {
		}

		/** No correction is open any more (staff withdrew it, or it was already sent). */
		record NotOpen() implements ResubmitOutcome {
		}

	}

	Flux<Case> casesOf(String issuer, String subject) {
		return this.db
			.sql("select " + COLUMNS + " from submission where owner_issuer = :issuer and owner_subject = :subject "
					+ "order by submitted_at desc limit 100")
			.bind("issuer", issuer)
			.bind("subject", subject)
			.map(ResidentCaseService::caseOf)
			.all();
	}

	Mono<CaseDetail> detail(String receiptNumber, Applicant applicant) {
		if (!applicant.isLoggedIn()) {
			return Mono.error(ApplicationNotFoundException::new);
		}
		return this.db
			.sql("select " + COLUMNS + " from submission where receipt_number = :receipt and owner_issuer = :issuer "
					+ "and owner_subject = :subject")
			.bind("receipt", receiptNumber)
			.bind("issuer", applicant.issuer())
			.bind("subject", applicant.subject())
			.map(ResidentCaseService::caseOf)
			.one()
			.switchIfEmpty(Mono.error(ApplicationNotFoundException::new))
			.flatMap((found) -> Mono
				.zip(this.versions.resolve(found.procedureId(), found.definitionVersion()),
						openCorrection(found.id()).map(java.util.Optional::of)
							.defaultIfEmpty(java.util.Optional.empty()))
				.map((t) -> new CaseDetail(found, t.getT1(),
						(found.status() == SubmissionStatus.CORRECTION_REQUESTED) ? t.getT2().orElse(null) : null)));
	}

	private Mono<Correction> openCorrection(UUID submissionId) {
		return this.db
			.sql("select field_ids, message, created_at from correction_request where submission_id = :id "
					+ "and resolved_at is null")
			.bind("id", submissionId)
			.map((row) -> new Correction(SubmissionWorkflow.fieldIds(row.get("field_ids", Json.class)),
					row.get("message", String.class), row.get("created_at", OffsetDateTime.class).toInstant()))
			.one();
	}

	/**
	 * Fixes the requested fields: only their inputs are taken from the post, they are
	 * validated as on the form, and on success the submission gets a new revision with
	 * status 再提出.
	 */
	Mono<ResubmitOutcome> resubmit(String receiptNumber, Applicant applicant, Answers posted) {
		return detail(receiptNumber, applicant).flatMap((detail) -> {
			if (detail.correction() == null) {
				return Mono.just(new ResubmitOutcome.NotOpen());
			}
			Page page = detail.correctionPage();
			Answers entered = AnswerValidator.normalize(page, AnswerValidator.accepted(page, posted));
			Answers merged = detail.submission().answers().replaceFields(page.fieldIds(), entered);
			LocalDate today = LocalDate.now(this.clock.withZone(CityTime.ZONE));
			List<FieldProblem> problems = AnswerValidator.validate(page, merged, today);
			if (!problems.isEmpty()) {
				return Mono.just(new ResubmitOutcome.Problems(merged, problems));
			}
			Answers answers = detail.definition().visibleAnswers(merged);
			return this.transaction
				.transactional(this.workflow.lockOwned(receiptNumber, applicant.issuer(), applicant.subject())
					.filter((row) -> WorkflowAction.RESUBMIT.allowedIn(row.status()))
					.flatMap((row) -> saveRevision(row, detail, answers, applicant))
					.defaultIfEmpty(new ResubmitOutcome.NotOpen()));
		});
	}

	private Mono<ResubmitOutcome> saveRevision(SubmissionWorkflow.Locked row, CaseDetail detail, Answers answers,
			Applicant applicant) {
		Instant now = this.clock.instant();
		int revision = row.revision() + 1;
		SubmissionQueries.Facts facts = ApplicationService.facts(detail.definition(), answers,
				jp.tenohira.portal.shared.Lang.JA);
		List<String> changed = changedFields(detail.definition(), detail.submission().answers(), answers);
		Map<String, Object> eventDetail = new LinkedHashMap<>();
		eventDetail.put("revision", revision);
		eventDetail.put("fields", changed);
		DatabaseClient.GenericExecuteSpec update = this.db
			.sql("update submission set answers = :answers, revision = :revision, status = :status, "
					+ "applicant_kana = :kana, notify_email = :email, updated_at = :now where id = :id")
			.bind("answers", AnswersJson.write(answers))
			.bind("revision", revision)
			.bind("status", SubmissionStatus.RESUBMITTED.name())
			.bind("now", SubmissionWorkflow.offset(now))
			.bind("id", row.id());
		update = (facts.applicantKana() != null) ? update.bind("kana", facts.applicantKana())
				: update.bindNull("kana", String.class);
		update = (facts.notifyEmail() != null) ? update.bind("email", facts.notifyEmail())
				: update.bindNull("email", String.class);
		return update.then()
			.then(this.submissions.insertRevision(row.id(), revision, answers, now))
			.then(this.db
				.sql("update correction_request set resolved_at = :now, resolved_revision = :revision "
						+ "where submission_id = :id and resolved_at is null")
				.bind("now", SubmissionWorkflow.offset(now))
				.bind("revision", revision)
				.bind("id", row.id())
				.then())
			.then(this.workflow.event(row.id(), WorkflowAction.RESUBMIT, Actor.resident(applicant.subject()),
					row.status(), SubmissionStatus.RESUBMITTED, eventDetail, now))
			.thenReturn(new ResubmitOutcome.Resubmitted(revision));
	}

	/** Withdraws the submission if its status allows; true if it did. */
	Mono<Boolean> withdraw(String receiptNumber, Applicant applicant) {
		if (!applicant.isLoggedIn()) {
			return Mono.error(ApplicationNotFoundException::new);
		}
		Instant now = this.clock.instant();
		return this.transaction
			.transactional(this.workflow.lockOwned(receiptNumber, applicant.issuer(), applicant.subject())
				.switchIfEmpty(Mono.error(ApplicationNotFoundException::new))
				.flatMap((row) -> {
					if (!WorkflowAction.WITHDRAW.allowedIn(row.status())) {
						return Mono.just(false);
					}
					return this.db.sql("update submission set status = 'WITHDRAWN', updated_at = :now where id = :id")
						.bind("now", SubmissionWorkflow.offset(now))
						.bind("id", row.id())
						.then()
						.then(this.db
							.sql("update correction_request set resolved_at = :now where submission_id = :id "
									+ "and resolved_at is null")
							.bind("now", SubmissionWorkflow.offset(now))
							.bind("id", row.id())
							.then())
						.then(this.workflow.event(row.id(), WorkflowAction.WITHDRAW,
								Actor.resident(applicant.subject()), row.status(), SubmissionStatus.WITHDRAWN, Map.of(),
								now))
						.thenReturn(true);
				}));
	}

	/** Top-level field ids whose answers differ. */
	static List<String> changedFields(ProcedureDefinition definition, Answers before, Answers after) {
		List<String> changed = new ArrayList<>();
		for (FieldDefinition field : definition.allFields()) {
			String id = field.id();
			if (!Objects.equals(valuesOf(before, id), valuesOf(after, id))) {
				changed.add(id);
			}
		}
		return changed;
	}

	private static Map<String, List<String>> valuesOf(Answers answers, String fieldId) {
		Map<String, List<String>> values = new java.util.TreeMap<>();
		answers.values().forEach((key, value) -> {
			if (key.equals(fieldId) || key.startsWith(fieldId + ".") || key.startsWith(fieldId + "[")) {
				List<String> nonBlank = value.stream().filter((v) -> v != null && !v.isBlank()).toList();
				if (!nonBlank.isEmpty()) {
					values.put(key, nonBlank);
				}
			}
		});
		return values;
	}

	private static final String COLUMNS = "id, draft_id, receipt_number, procedure_id, definition_version, status, "
			+ "decision_reason, revision, submitted_at, updated_at, answers, lang";

	private static Case caseOf(Readable row) {
		return new Case(row.get("id", UUID.class), row.get("draft_id", UUID.class),
				row.get("receipt_number", String.class), row.get("procedure_id", String.class),
				row.get("definition_version", String.class), SubmissionStatus.valueOf(row.get("status", String.class)),
				row.get("decision_reason", String.class), row.get("revision", Integer.class),
				row.get("submitted_at", OffsetDateTime.class).toInstant(),
				row.get("updated_at", OffsetDateTime.class).toInstant(),
				AnswersJson.read(row.get("answers", Json.class)), row.get("lang", String.class));
	}

}
