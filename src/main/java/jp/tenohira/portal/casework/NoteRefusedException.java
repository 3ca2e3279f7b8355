package jp.tenohira.portal.casework;

/**
 * A note that cannot be added as written (empty or too long); the key names the message
 * shown on the case screen.
 */
class NoteRefusedException extends RuntimeException {

	private final String messageKey;

	NoteRefusedException(String messageKey) {
		super(messageKey);
		this.messageKey = messageKey;
	}

	String messageKey() {
		return this.messageKey;
	}

}
