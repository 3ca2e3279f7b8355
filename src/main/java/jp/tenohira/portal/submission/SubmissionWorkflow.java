package jp.tenohira.portal.submission;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import jp.tenohira.portal.forms.DefinitionVersions;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.identity.StaffRole;

/**
 * Carries out workflow commands on submissions: each in one transaction with the row
 * locked, the status moved by the rules in {@link WorkflowAction}, a history event
 * written, and e-mail to the resident queued in the outbox when the resident must be
 * told.
 */
@Service
public class SubmissionWorkflow {

	/** Outbox event types of the e-mails the notification module sends. */
	public static final String MAIL_RECEIPT = "mail.receipt";

	public static final String MAIL_CORRECTION = "mail.correction";

	public static final String MAIL_DECISION = "mail.decision";

	private static final int MAX_MESSAGE = 2000;

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final DefinitionVersions versions;

	private final FormRegistry registry;

	private final Clock clock;

	private final SubmissionQueries submissions;

	SubmissionWorkflow(DatabaseClient db, TransactionalOperator transaction, DefinitionVersions versions,
			FormRegistry registry, Clock clock, SubmissionQueries submissions) {
		this.submissions = submissions;
		this.db = db;
		this.transaction = transaction;
		this.versions = versions;
		this.registry = registry;
		this.clock = clock;
	}

	/** What staff (or an API client) may touch: their sections and roles. */
	public record Access(Set<String> sections, Set<StaffRole> roles) {

		public Access {
			sections = Set.copyOf(sections);
			roles = roles.isEmpty() ? EnumSet.noneOf(StaffRole.class) : EnumSet.copyOf(roles);
		}

		/** A core system: decides and completes in its sections. */
		public static Access api(Set<String> sections) {
			return new Access(sections, EnumSet.of(StaffRole.CLERK, StaffRole.APPROVER));
		}

	}

	/** A staff command. */
	public sealed interface Command {

		WorkflowAction action();

		/** 審査開始. */
		record StartReview() implements Command {
			@Override
			public WorkflowAction action() {
				return WorkflowAction.START_REVIEW;
			}
		}

		/** 補正依頼: the top-level field ids to fix and a message for the resident. */
		record RequestCorrection(List<String> fieldIds, String message) implements Command {
			@Override
			public WorkflowAction action() {
				return WorkflowAction.REQUEST_CORRECTION;
			}
		}

		/** 承認. */
		record Approve() implements Command {
			@Override
			public WorkflowAction action() {
				return WorkflowAction.APPROVE;
			}
		}

		/** 却下, with the reason the resident is told. */
		record Reject(String reason) implements Command {
			@Override
			public WorkflowAction action() {
				return WorkflowAction.REJECT;
			}
		}

		/** 完了. */
		record Complete() implements Command {
			@Override
			public WorkflowAction action() {
				return WorkflowAction.COMPLETE;
			}
		}

		/** 回送: to the section that handles it. */
		record Transfer(String sectionId) implements Command {
			@Override
			public WorkflowAction action() {
				return WorkflowAction.TRANSFER;
			}
		}

		/** 担当割当: a subject and name, or nulls to unassign. */
		record Assign(String subject, String name) implements Command {
			@Override
			public WorkflowAction action() {
				return WorkflowAction.ASSIGN;
			}
		}

	}

	/** What a command did. */
	public record Result(UUID submissionId, String receiptNumber, String sectionId, SubmissionStatus before,
			SubmissionStatus after, boolean changed) {
	}

	/** The locked row a command works on. */
	record Locked(UUID id, String receiptNumber, String procedureId, String definitionVersion, String sectionId,
			SubmissionStatus status, String assigneeSubject, int revision, String notifyEmail) {
	}

	/**
	 * Applies a command to one submission the actor may see. Empty when there is no such
	 * submission in the actor's sections (the caller answers 404 either way).
	 */
	public Mono<Result> apply(UUID submissionId, Access access, Command command, Actor actor) {
		return this.transaction
			.transactional(lock(submissionId).filter((row) -> access.sections().contains(row.sectionId()))
				.flatMap((row) -> applyLocked(row, access, command, actor)));
	}

	/**
	 * Applies one command to several submissions, each in its own transaction; those it
	 * cannot apply to are left as they are and reported as unchanged.
	 */
	public Flux<Result> applyAll(Collection<UUID> submissionIds, Access access, Command command, Actor actor) {
		return Flux.fromIterable(submissionIds)
			.distinct()
			.take(200)
			.concatMap((id) -> apply(id, access, command, actor).onErrorResume(WorkflowException.class,
					(ex) -> Mono.empty()));
	}

	/**
	 * Sets a status idempotently (the back-office API): when the submission already has
	 * it, nothing changes and the result says so.
	 */
	public Mono<Result> setStatus(UUID submissionId, Access access, SubmissionStatus target, String reason,
			Actor actor) {
		WorkflowAction action = WorkflowAction.leadingTo(target)
			.orElseThrow(() -> new WorkflowException("status-not-settable"));
		return this.transaction.transactional(
				lock(submissionId).filter((row) -> access.sections().contains(row.sectionId())).flatMap((row) -> {
					if (row.status() == target) {
						return Mono.just(new Result(row.id(), row.receiptNumber(), row.sectionId(), row.status(),
								row.status(), false));
					}
					Command command = switch (action) {
						case START_REVIEW -> new Command.StartReview();
						case APPROVE -> new Command.Approve();
						case REJECT -> new Command.Reject(reason);
						default -> new Command.Complete();
					};
					return applyLocked(row, access, command, actor);
				}));
	}

	private Mono<Result> applyLocked(Locked row, Access access, Command command, Actor actor) {
		WorkflowAction action = command.action();
		if (action.role() == null || !access.roles().contains(action.role())) {
			return Mono.error(new WorkflowException("role-required"));
		}
		SubmissionStatus next = action.next(row.status()).orElseThrow(() -> new WorkflowException("not-allowed"));
		Instant now = this.clock.instant();
		Map<String, Object> detail = new LinkedHashMap<>();
		String section = row.sectionId();
		String assigneeSubject = row.assigneeSubject();
		Mono<Void> extra = Mono.empty();
		String decisionReason = null;
		String mail = null;
		if (command instanceof Command.RequestCorrection correction) {
			String message = text(correction.message());
			if (message.isEmpty()) {
				return Mono.error(new WorkflowException("message-required"));
			}
			if (correction.fieldIds() == null || correction.fieldIds().isEmpty()) {
				return Mono.error(new WorkflowException("fields-required"));
			}
			List<String> fields = correction.fieldIds().stream().distinct().toList();
			detail.put("fields", fields);
			detail.put("message", message);
			mail = MAIL_CORRECTION;
			extra = this.versions.resolve(row.procedureId(), row.definitionVersion())
				.switchIfEmpty(Mono.error(new WorkflowException("fields-required")))
				.flatMap((definition) -> {
					List<String> known = definition.allFields().stream().map(FieldDefinition::id).toList();
					if (!known.containsAll(fields)) {
						return Mono.error(new WorkflowException("fields-required"));
					}
					return this.db.sql("insert into correction_request (id, submission_id, field_ids, message, "
							+ "requested_by_subject, requested_by_name, created_at) values (:id, :submission, :fields, "
							+ ":message, :subject, :name, :now)")
						.bind("id", UUID.randomUUID())
						.bind("submission", row.id())
						.bind("fields", AnswersJson.write(Map.of("fields", fields)))
						.bind("message", message)
						.bind("subject", actor.subject())
						.bind("name", actor.name())
						.bind("now", offset(now))
						.then();
				});
		}
		else if (command instanceof Command.Reject reject) {
			decisionReason = text(reject.reason());
			if (decisionReason.isEmpty()) {
				return Mono.error(new WorkflowException("reason-required"));
			}
			detail.put("reason", decisionReason);
			mail = MAIL_DECISION;
		}
		else if (command instanceof Command.Approve || command instanceof Command.Complete) {
			mail = MAIL_DECISION;
		}
		else if (command instanceof Command.Transfer transfer) {
			String to = transfer.sectionId();
			if (to == null || this.registry.city().section(to).isEmpty()) {
				return Mono.error(new WorkflowException("unknown-section"));
			}
			if (to.equals(row.sectionId())) {
				return Mono.error(new WorkflowException("same-section"));
			}
			detail.put("from", row.sectionId());
			detail.put("to", to);
			section = to;
			assigneeSubject = null;
		}
		else if (command instanceof Command.Assign assign) {
			assigneeSubject = assign.subject();
			detail.put("assignee", (assign.name() != null) ? assign.name() : "");
		}
		boolean changed = next != row.status() || !section.equals(row.sectionId())
				|| !java.util.Objects.equals(assigneeSubject, row.assigneeSubject());
		if (!changed) {
			return Mono.just(new Result(row.id(), row.receiptNumber(), row.sectionId(), row.status(), next, false));
		}
		String assigneeName = (command instanceof Command.Assign assign) ? assign.name() : null;
		DatabaseClient.GenericExecuteSpec update = this.db
			.sql("update submission set status = :status, section_id = :section, assignee_subject = :assignee, "
					+ "assignee_name = case when :keepName then assignee_name else :assigneeName end, "
					+ "decision_reason = coalesce(:reason, decision_reason), updated_at = :now where id = :id")
			.bind("status", next.name())
			.bind("section", section)
			.bind("keepName", !(command instanceof Command.Assign) && assigneeSubject != null)
			.bind("now", offset(now))
			.bind("id", row.id());
		update = bindNullable(update, "assignee", assigneeSubject);
		update = bindNullable(update, "assigneeName", assigneeName);
		update = bindNullable(update, "reason", decisionReason);
		String finalSection = section;
		String finalMail = mail;
		return extra.then(update.then())
			.then(event(row.id(), action, actor, row.status(), next, detail, now))
			.then((finalMail != null && row.notifyEmail() != null) ? mail(finalMail, row.id(), now) : Mono.empty())
			.thenReturn(new Result(row.id(), row.receiptNumber(), finalSection, row.status(), next, true));
	}

	Mono<Locked> lock(UUID submissionId) {
		return this.db
			.sql("select id, receipt_number, procedure_id, definition_version, section_id, status, assignee_subject, "
					+ "revision, notify_email from submission where id = :id for update")
			.bind("id", submissionId)
			.map(SubmissionWorkflow::locked)
			.one();
	}

	Mono<Locked> lockOwned(String receiptNumber, String issuer, String subject) {
		return this.db
			.sql("select id, receipt_number, procedure_id, definition_version, section_id, status, assignee_subject, "
					+ "revision, notify_email from submission where receipt_number = :receipt and owner_issuer = :issuer "
					+ "and owner_subject = :subject for update")
			.bind("receipt", receiptNumber)
			.bind("issuer", issuer)
			.bind("subject", subject)
			.map(SubmissionWorkflow::locked)
			.one();
	}

	private static Locked locked(Readable row) {
		return new Locked(row.get("id", UUID.class), row.get("receipt_number", String.class),
				row.get("procedure_id", String.class), row.get("definition_version", String.class),
				row.get("section_id", String.class), SubmissionStatus.valueOf(row.get("status", String.class)),
				row.get("assignee_subject", String.class), row.get("revision", Integer.class),
				row.get("notify_email", String.class));
	}

	Mono<Void> event(UUID submissionId, WorkflowAction action, Actor actor, SubmissionStatus from, SubmissionStatus to,
			Map<String, Object> detail, Instant now) {
		DatabaseClient.GenericExecuteSpec insert = this.db
			.sql("insert into submission_event (id, submission_id, action, actor_kind, actor_subject, actor_name, "
					+ "from_status, to_status, detail, created_at) values (:id, :submission, :action, :kind, :subject, "
					+ ":name, :from, :to, :detail, :now)")
			.bind("id", UUID.randomUUID())
			.bind("submission", submissionId)
			.bind("action", action.name())
			.bind("kind", actor.kind().name())
			.bind("from", from.name())
			.bind("to", to.name())
			.bind("detail", AnswersJson.write(detail))
			.bind("now", offset(now));
		insert = bindNullable(insert, "subject", actor.subject());
		insert = bindNullable(insert, "name", actor.name());
		return insert.then();
	}

	Mono<Void> mail(String type, UUID submissionId, Instant now) {
		return this.submissions.insertMail(type, submissionId, now);
	}

	static List<String> fieldIds(Json json) {
		Object fields = AnswersJson.readMap(json).get("fields");
		List<String> result = new ArrayList<>();
		if (fields instanceof List<?> list) {
			list.forEach((f) -> result.add(String.valueOf(f)));
		}
		return result;
	}

	private static String text(String value) {
		if (value == null) {
			return "";
		}
		String stripped = value.strip();
		return (stripped.length() > MAX_MESSAGE) ? stripped.substring(0, MAX_MESSAGE) : stripped;
	}

	private static DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec, String name,
			String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	static OffsetDateTime offset(Instant instant) {
		return DraftQueries.offset(instant);
	}

}
