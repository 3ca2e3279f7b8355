package jp.tenohira.portal.notification;

import java.util.Optional;

import jp.tenohira.portal.submission.SubmissionWorkflow;

/**
 * The e-mails a resident gets, each from its outbox event type and with its own template.
 */
enum MailKind {

	/** 受付: the submission arrived. */
	RECEIPT(SubmissionWorkflow.MAIL_RECEIPT, "receipt"),
	/** 補正依頼: staff ask the resident to fix named items. */
	CORRECTION(SubmissionWorkflow.MAIL_CORRECTION, "correction"),
	/** 承認, 却下 or 完了. */
	DECISION(SubmissionWorkflow.MAIL_DECISION, "decision");

	private final String eventType;

	private final String template;

	MailKind(String eventType, String template) {
		this.eventType = eventType;
		this.template = template;
	}

	String template() {
		return this.template;
	}

	static Optional<MailKind> fromEventType(String eventType) {
		for (MailKind kind : values()) {
			if (kind.eventType.equals(eventType)) {
				return Optional.of(kind);
			}
		}
		return Optional.empty();
	}

}
