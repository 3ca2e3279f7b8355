package jp.tenohira.portal.casework;

import java.text.NumberFormat;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import jp.tenohira.portal.audit.AuditAction;
import jp.tenohira.portal.audit.AuditEntry;
import jp.tenohira.portal.audit.AuditLog;
import jp.tenohira.portal.forms.CityConfiguration;
import jp.tenohira.portal.forms.DefinitionVersions;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FieldType;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.MyNumberAnswer;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.identity.StaffMember;
import jp.tenohira.portal.identity.StaffRole;
import jp.tenohira.portal.mynumber.MyNumberOpener;
import jp.tenohira.portal.mynumber.MyNumbers;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.submission.Actor;
import jp.tenohira.portal.submission.AnswerSheet;
import jp.tenohira.portal.submission.SubmissionStatus;
import jp.tenohira.portal.submission.SubmissionWorkflow;
import jp.tenohira.portal.submission.WorkflowAction;
import jp.tenohira.portal.submission.WorkflowException;

/**
 * One submission for a member of staff: loaded only when it belongs to one of their
 * sections (anything else is "not found"), every view, download, note and workflow
 * command recorded in the audit trail before anything is handed out.
 */
@Service
public class Casework {

	static final String TARGET_TYPE = "submission";

	/** Longest note kept. */
	static final int MAX_NOTE = 2000;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(CityTime.ZONE);

	private final CaseQueries queries;

	private final SubmissionWorkflow workflow;

	private final DefinitionVersions versions;

	private final AnswerSheet sheet;

	private final FormRegistry registry;

	private final AuditLog audit;

	private final MessageSource messages;

	private final Clock clock;

	private final ObjectProvider<MyNumberOpener> openers;

	Casework(CaseQueries queries, SubmissionWorkflow workflow, DefinitionVersions versions, AnswerSheet sheet,
			FormRegistry registry, AuditLog audit, MessageSource messages, Clock clock,
			ObjectProvider<MyNumberOpener> openers) {
		this.queries = queries;
		this.workflow = workflow;
		this.versions = versions;
		this.sheet = sheet;
		this.registry = registry;
		this.audit = audit;
		this.messages = messages;
		this.clock = clock;
		this.openers = openers;
	}

	/** What the screen shows besides the case: entered text, a refusal, a success. */
	record Screen(CaseForm form, String errorKey, String errorFor, String doneAction) {

		static Screen plain(String doneAction) {
			return new Screen(CaseForm.EMPTY, null, null, doneAction);
		}

	}

	/** Where a command left the case. */
	record Outcome(String sectionId, boolean stillVisible) {
	}

	/**
	 * The case screen. Records the view (or the refusal) before the data leaves.
	 */
	Mono<CaseView> view(UUID id, StaffMember staff, Lang lang, Screen screen) {
		return visible(id, staff, AuditAction.SUBMISSION_VIEW).flatMap((row) -> {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("receiptNumber", row.receiptNumber());
			detail.put("revision", row.revision());
			if (hasMyNumber(row.answers())) {
				// what this view showed of the My Number: the mask, or nothing at all
				detail.put("myNumber", staff.has(StaffRole.MY_NUMBER_HANDLER) ? "masked" : "withheld");
			}
			return this.audit
				.record(AuditEntry
					.staff(staff, AuditAction.SUBMISSION_VIEW, TARGET_TYPE, id.toString(), row.sectionId())
					.withDetail(detail))
				.then(build(row, staff, lang, screen));
		});
	}

	/**
	 * Decrypts one stored My Number for a holder of the My Number role who states a
	 * purpose. The reveal is recorded (who, record, field, purpose) before the number is
	 * handed out; a refusal is recorded as failed, without the purpose text when that is
	 * what was wrong with it.
	 */
	Mono<CaseView.RevealedNumber> reveal(UUID id, StaffMember staff, CaseForm form, Lang lang) {
		return visible(id, staff, AuditAction.MY_NUMBER_REVEAL).flatMap((row) -> {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("receiptNumber", row.receiptNumber());
			detail.put("field", form.field());
			AuditEntry entry = AuditEntry
				.staff(staff, AuditAction.MY_NUMBER_REVEAL, TARGET_TYPE, id.toString(), row.sectionId())
				.withDetail(detail);
			if (!staff.has(StaffRole.MY_NUMBER_HANDLER)) {
				return refuse(entry.withOutcome(AuditEntry.Outcome.DENIED), "role-required",
						"casework.myNumber.error.role");
			}
			Optional<RevealPurpose> purpose = RevealPurpose.of(form.purpose());
			String said = form.purposeDetail().strip();
			if (purpose.isEmpty() || said.isEmpty() || said.length() > MAX_PURPOSE) {
				return refuse(entry, "purpose-required", "casework.myNumber.error.purpose");
			}
			if (MyNumbers.containsOne(said)) {
				return refuse(entry, "purpose-contains-number", "casework.myNumber.error.purposeNumber");
			}
			String stated = purpose.get().code() + ": " + said;
			return this.versions.resolve(row.procedureId(), row.definitionVersion())
				.switchIfEmpty(Mono.error(() -> new IllegalStateException("definition version missing")))
				.flatMap((definition) -> {
					Optional<FieldDefinition> field = definition.allFields()
						.stream()
						.filter((f) -> f.type() == FieldType.MY_NUMBER && f.id().equals(form.field()))
						.findFirst();
					String stored = row.answers().first(form.field());
					if (field.isEmpty() || !MyNumberAnswer.isSealed(stored)) {
						return refuse(entry.withPurpose(stated), "not-stored", "casework.myNumber.error.notStored");
					}
					MyNumberOpener opener = this.openers.getIfAvailable();
					if (opener == null) {
						return refuse(entry.withPurpose(stated), "no-key-on-this-node",
								"casework.myNumber.error.unavailable");
					}
					String number;
					try {
						number = MyNumbers.format(opener.open(stored));
					}
					catch (MyNumberOpener.CannotOpenException ex) {
						return refuse(entry.withPurpose(stated), "cannot-decrypt",
								"casework.myNumber.error.cannotDecrypt");
					}
					return this.audit.record(entry.withPurpose(stated))
						.thenReturn(new CaseView.RevealedNumber(row.id().toString(), row.receiptNumber(),
								definition.title().in(lang), field.get().label().in(lang), number));
				});
		});
	}

	/** Longest purpose text a reveal may state. */
	static final int MAX_PURPOSE = 200;

	private <T> Mono<T> refuse(AuditEntry entry, String error, String messageKey) {
		return this.audit
			.record(entry
				.withOutcome(
						(entry.outcome() == AuditEntry.Outcome.SUCCESS) ? AuditEntry.Outcome.FAILED : entry.outcome())
				.withDetail(Map.of("error", error)))
			.then(Mono.error(new RevealRefusedException(messageKey)));
	}

	private static boolean hasMyNumber(jp.tenohira.portal.forms.Answers answers) {
		return answers.values()
			.values()
			.stream()
			.anyMatch((values) -> values.stream().anyMatch(MyNumberAnswer::isSealed));
	}

	/**
	 * Carries out a workflow command and records it; a refused command is recorded as
	 * failed and its {@link WorkflowException} passed on.
	 */
	Mono<Outcome> act(UUID id, StaffMember staff, SubmissionWorkflow.Command command) {
		String action = command.action().name();
		return visible(id, staff, AuditAction.STATUS_CHANGE).flatMap((row) -> this.workflow
			.apply(id, new SubmissionWorkflow.Access(staff.sections(), staff.roles()), command,
					Actor.staff(staff.subject(), staff.name()))
			.switchIfEmpty(Mono.defer(() -> denied(staff, AuditAction.STATUS_CHANGE, id)))
			.flatMap((result) -> {
				Map<String, Object> detail = new LinkedHashMap<>();
				detail.put("action", action);
				detail.put("from", result.before().name());
				detail.put("to", result.after().name());
				detail.put("receiptNumber", result.receiptNumber());
				if (!result.sectionId().equals(row.sectionId())) {
					detail.put("toSection", result.sectionId());
				}
				if (!result.changed()) {
					detail.put("changed", false);
				}
				return this.audit
					.record(AuditEntry
						.staff(staff, AuditAction.STATUS_CHANGE, TARGET_TYPE, id.toString(), row.sectionId())
						.withDetail(detail))
					.thenReturn(new Outcome(result.sectionId(), staff.worksIn(result.sectionId())));
			})
			.onErrorResume(
					WorkflowException.class, (
							ex) -> this.audit
								.record(AuditEntry
									.staff(staff, AuditAction.STATUS_CHANGE, TARGET_TYPE, id.toString(),
											row.sectionId())
									.withOutcome(AuditEntry.Outcome.FAILED)
									.withDetail(Map.of("action", action, "error", ex.code(), "status", row.status())))
								.then(Mono.error(ex))));
	}

	/** Adds an internal note. */
	Mono<Void> addNote(UUID id, StaffMember staff, String body) {
		String text = (body != null) ? body.strip() : "";
		return visible(id, staff, AuditAction.NOTE_ADD).flatMap((row) -> {
			if (text.isEmpty() || text.length() > MAX_NOTE) {
				return Mono.error(new NoteRefusedException(
						text.isEmpty() ? "casework.note.error.required" : "casework.note.error.tooLong"));
			}
			return this.queries.insertNote(id, staff.subject(), staff.name(), text, this.clock.instant())
				.then(this.audit
					.record(AuditEntry.staff(staff, AuditAction.NOTE_ADD, TARGET_TYPE, id.toString(), row.sectionId())
						.withDetail(Map.of("receiptNumber", row.receiptNumber(), "length", text.length()))));
		});
	}

	/**
	 * A file the resident attached, once its download is recorded. Only files the
	 * submitted answers refer to are handed out (not ones left behind on a hidden page).
	 */
	Mono<CaseQueries.AttachmentFile> download(UUID id, UUID attachmentId, StaffMember staff) {
		return visible(id, staff, AuditAction.ATTACHMENT_DOWNLOAD)
			.flatMap((row) -> this.queries.attachment(row.draftId(), attachmentId)
				.filter((file) -> row.answers().all(file.fieldId()).contains(attachmentId.toString()))
				.switchIfEmpty(Mono.defer(() -> denied(staff, AuditAction.ATTACHMENT_DOWNLOAD, id)))
				.flatMap((file) -> this.audit
					.record(AuditEntry
						.staff(staff, AuditAction.ATTACHMENT_DOWNLOAD, TARGET_TYPE, id.toString(), row.sectionId())
						.withDetail(Map.of("receiptNumber", row.receiptNumber(), "attachmentId",
								attachmentId.toString(), "field", file.fieldId(), "bytes", file.content().length)))
					.thenReturn(file)));
	}

	private Mono<CaseView> build(CaseQueries.CaseRow row, StaffMember staff, Lang lang, Screen screen) {
		UUID id = row.id();
		return this.versions.resolve(row.procedureId(), row.definitionVersion())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("definition version missing")))
			.flatMap((definition) -> this.queries.latestRevisions(id)
				.collectList()
				.flatMap((revisions) -> this.queries.openCorrection(id)
					.map(Optional::of)
					.defaultIfEmpty(Optional.empty())
					.flatMap((correction) -> this.queries.events(id)
						.collectList()
						.flatMap((events) -> this.queries.notes(id)
							.collectList()
							.flatMap((notes) -> this.queries.attachments(row.draftId())
								.collectList()
								.map((attachments) -> new Parts(definition, revisions, correction.orElse(null), events,
										notes, attachments))))))
				.map((parts) -> assemble(row, parts, staff, lang, screen)));
	}

	/** Everything loaded for one screen. */
	private record Parts(ProcedureDefinition definition, List<CaseQueries.RevisionRow> revisions,
			CaseQueries.CorrectionRow correction, List<CaseQueries.EventRow> events, List<CaseQueries.NoteRow> notes,
			List<CaseQueries.AttachmentRow> attachments) {
	}

	private CaseView assemble(CaseQueries.CaseRow row, Parts parts, StaffMember staff, Lang lang, Screen screen) {
		ProcedureDefinition definition = parts.definition();
		String base = "/staff/submissions/" + row.id();
		List<AnswerSheet.Change> changes = List.of();
		int previous = 0;
		if (parts.revisions().size() == 2) {
			CaseQueries.RevisionRow latest = parts.revisions().get(0);
			CaseQueries.RevisionRow before = parts.revisions().get(1);
			changes = this.sheet.changes(definition, before.answers(), latest.answers(), lang);
			previous = before.revision();
		}
		Set<String> changedIds = changes.stream().map(AnswerSheet.Change::fieldId).collect(Collectors.toSet());
		Set<String> myNumberIds = MyNumberAnswer.fieldIds(definition);
		boolean holder = staff.has(StaffRole.MY_NUMBER_HANDLER);
		List<CaseView.AnswerSection> answers = this.sheet.render(definition, row.answers(), lang)
			.stream()
			.map((section) -> new CaseView.AnswerSection(section.title(), section.rows().stream().map((r) -> {
				boolean stored = myNumberIds.contains(r.fieldId())
						&& MyNumberAnswer.isSealed(row.answers().first(r.fieldId()));
				if (stored) {
					// holders see the mask and may reveal with a purpose;
					// others only that the number is kept from them
					return new CaseView.AnswerRow(r.label(),
							List.of(holder ? MyNumbers.MASK : message("casework.myNumber.holderOnly", lang)),
							changedIds.contains(r.fieldId()), null, holder ? r.fieldId() : null);
				}
				return new CaseView.AnswerRow(r.label(), r.lines(), changedIds.contains(r.fieldId()),
						(r.attachmentId() != null) ? base + "/attachments/" + r.attachmentId() : null, null);
			}).toList()))
			.toList();
		Map<String, String> labels = labels(definition, lang);
		List<CaseView.AttachmentView> attachments = parts.attachments()
			.stream()
			.filter((a) -> row.answers().all(a.fieldId()).contains(a.id().toString()))
			.map((a) -> new CaseView.AttachmentView(labels.getOrDefault(a.fieldId(), a.fieldId()), a.fileName(),
					size(a.sizeBytes()), base + "/attachments/" + a.id()))
			.toList();
		CaseView.CorrectionView correction = null;
		if (parts.correction() != null) {
			CaseQueries.CorrectionRow c = parts.correction();
			correction = new CaseView.CorrectionView(
					c.fieldIds().stream().map((f) -> labels.getOrDefault(f, f)).toList(), lines(c.message()),
					c.requestedByName(), TIME.format(c.createdAt()));
		}
		SubmissionStatus status = SubmissionStatus.valueOf(row.status());
		return new CaseView(row.id().toString(), row.receiptNumber(), definition.title().in(lang),
				sectionName(row.sectionId(), lang), message(status.messageKey(), lang), status.code(),
				row.assigneeName(), TIME.format(row.submittedAt()), row.revision(), row.ownerLoggedIn(), answers,
				attachments,
				changes.stream().map((c) -> new CaseView.ChangeView(c.label(), c.before(), c.after())).toList(),
				previous, correction,
				(status == SubmissionStatus.REJECTED && row.decisionReason() != null) ? row.decisionReason() : null,
				parts.events().stream().map((e) -> event(e, labels, lang)).toList(),
				parts.notes()
					.stream()
					.map((n) -> new CaseView.NoteView(TIME.format(n.createdAt()), n.authorName(), lines(n.body())))
					.toList(),
				actions(row, status, staff), correctionPages(definition, screen.form(), lang),
				transferTargets(row.sectionId(), screen.form(), lang), screen.form(),
				(screen.errorKey() != null) ? message(screen.errorKey(), lang) : null, screen.errorFor(),
				(screen.doneAction() != null) ? message("casework.done." + screen.doneAction(), lang) : null,
				java.util.Arrays.stream(RevealPurpose.values())
					.map((p) -> new CaseView.Choice(p.code(), message(p.messageKey(), lang),
							p.code().equals(screen.form().purpose()), null))
					.toList());
	}

	private static CaseView.Actions actions(CaseQueries.CaseRow row, SubmissionStatus status, StaffMember staff) {
		boolean clerk = staff.has(StaffRole.CLERK);
		boolean approver = staff.has(StaffRole.APPROVER);
		boolean assignable = clerk && WorkflowAction.ASSIGN.allowedIn(status);
		return new CaseView.Actions(clerk && WorkflowAction.START_REVIEW.allowedIn(status),
				clerk && WorkflowAction.REQUEST_CORRECTION.allowedIn(status),
				approver && WorkflowAction.APPROVE.allowedIn(status),
				approver && WorkflowAction.REJECT.allowedIn(status), clerk && WorkflowAction.COMPLETE.allowedIn(status),
				clerk && WorkflowAction.TRANSFER.allowedIn(status),
				assignable && !staff.subject().equals(row.assigneeSubject()),
				assignable && row.assigneeSubject() != null, clerk || approver);
	}

	private static List<CaseView.ChoicePage> correctionPages(ProcedureDefinition definition, CaseForm form, Lang lang) {
		List<CaseView.ChoicePage> pages = new ArrayList<>();
		for (Page page : definition.pages()) {
			pages.add(new CaseView.ChoicePage(page.title().in(lang),
					page.fields()
						.stream()
						.map((f) -> new CaseView.Choice(f.id(), f.label().in(lang), form.fields().contains(f.id()),
								"fix-" + page.id() + "-" + f.id()))
						.toList()));
		}
		return pages;
	}

	private List<CaseView.SectionGroup> transferTargets(String current, CaseForm form, Lang lang) {
		List<CaseView.SectionGroup> groups = new ArrayList<>();
		for (CityConfiguration.Department department : this.registry.city().departments()) {
			List<CaseView.Choice> sections = department.sections()
				.stream()
				.filter((s) -> !s.id().equals(current))
				.map((s) -> new CaseView.Choice(s.id(), s.name().in(lang), s.id().equals(form.section()), null))
				.toList();
			if (!sections.isEmpty()) {
				groups.add(new CaseView.SectionGroup(department.name().in(lang), sections));
			}
		}
		return groups;
	}

	private CaseView.EventView event(CaseQueries.EventRow event, Map<String, String> labels, Lang lang) {
		String actor = switch (event.actorKind()) {
			case "STAFF" -> (event.actorName() != null) ? event.actorName() : event.actorSubject();
			case "API" -> message("casework.actor.api", lang, event.actorSubject());
			case "RESIDENT" -> message("casework.actor.resident", lang);
			default -> message("casework.actor.system", lang);
		};
		String action = actionName(event.action(), lang);
		List<String> details = new ArrayList<>();
		Map<String, Object> detail = event.detail();
		if (detail.get("fields") instanceof List<?> fields && !fields.isEmpty()) {
			details.add(message("casework.history.fields", lang,
					fields.stream()
						.map((f) -> labels.getOrDefault(String.valueOf(f), String.valueOf(f)))
						.collect(Collectors.joining(lang == Lang.EN ? ", " : "、"))));
		}
		if (detail.get("message") != null) {
			details.add(message("casework.history.message", lang, detail.get("message")));
		}
		if (detail.get("reason") != null) {
			details.add(message("casework.history.reason", lang, detail.get("reason")));
		}
		if ("TRANSFER".equals(event.action()) && detail.get("to") != null) {
			details
				.add(message("casework.history.transfer", lang, sectionName(String.valueOf(detail.get("from")), lang),
						sectionName(String.valueOf(detail.get("to")), lang)));
		}
		if ("ASSIGN".equals(event.action())) {
			Object assignee = detail.get("assignee");
			details.add((assignee == null || String.valueOf(assignee).isEmpty())
					? message("casework.history.unassigned", lang)
					: message("casework.history.assignee", lang, assignee));
		}
		return new CaseView.EventView(TIME.format(event.createdAt()), actor, action,
				statusName(event.fromStatus(), lang), statusName(event.toStatus(), lang), details);
	}

	private String actionName(String action, Lang lang) {
		try {
			return message(WorkflowAction.valueOf(action).messageKey(), lang);
		}
		catch (IllegalArgumentException ex) {
			return action;
		}
	}

	private String statusName(String status, Lang lang) {
		if (status == null) {
			return "";
		}
		try {
			return message(SubmissionStatus.valueOf(status).messageKey(), lang);
		}
		catch (IllegalArgumentException ex) {
			return status;
		}
	}

	private String sectionName(String sectionId, Lang lang) {
		return this.registry.city().section(sectionId).map((s) -> s.name().in(lang)).orElse(sectionId);
	}

	/** Labels of every top-level field, by id. */
	private static Map<String, String> labels(ProcedureDefinition definition, Lang lang) {
		Map<String, String> labels = new LinkedHashMap<>();
		for (FieldDefinition field : definition.allFields()) {
			labels.put(field.id(), field.label().in(lang));
		}
		return labels;
	}

	private static List<String> lines(String text) {
		return (text == null || text.isEmpty()) ? List.of() : List.of(text.split("\\R", -1));
	}

	private static String size(long bytes) {
		return (bytes >= 1024 * 1024) ? String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024))
				: NumberFormat.getIntegerInstance(Locale.ROOT).format(Math.max(1, bytes / 1024)) + " KB";
	}

	private String message(String key, Lang lang, Object... args) {
		return this.messages.getMessage(key, args, lang.locale());
	}

	/**
	 * The section of a submission the staff member may see, for other features' pages
	 * about one case (the signature page): the same check as the case screen, a refusal
	 * recorded as denied under {@code action} and answered with 404.
	 * @param id the submission
	 * @param staff who asks
	 * @param action what the refusal is recorded as
	 * @return the submission's section id, or an error answering 404
	 */
	public Mono<String> visibleSection(UUID id, StaffMember staff, AuditAction action) {
		return visible(id, staff, action).map(CaseQueries.CaseRow::sectionId);
	}

	/**
	 * The submission when it is in one of the staff member's sections; otherwise the
	 * attempt is recorded as denied and the answer is 404.
	 */
	private Mono<CaseQueries.CaseRow> visible(UUID id, StaffMember staff, AuditAction action) {
		return this.queries.find(id)
			.filter((row) -> staff.worksIn(row.sectionId()))
			.switchIfEmpty(Mono.defer(() -> denied(staff, action, id)));
	}

	private <T> Mono<T> denied(StaffMember staff, AuditAction action, UUID id) {
		return this.audit
			.record(AuditEntry.staff(staff, action, TARGET_TYPE, id.toString(), null)
				.withOutcome(AuditEntry.Outcome.DENIED))
			.then(Mono.error(new CaseNotFoundException()));
	}

}
