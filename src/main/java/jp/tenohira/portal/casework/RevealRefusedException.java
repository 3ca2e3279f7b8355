package jp.tenohira.portal.casework;

/**
 * A My Number reveal that was refused (no purpose, no number stored, no key on this
 * node); recorded in the audit trail and shown with its message.
 */
class RevealRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String messageKey;

	RevealRefusedException(String messageKey) {
		super(messageKey);
		this.messageKey = messageKey;
	}

	String messageKey() {
		return this.messageKey;
	}

}
