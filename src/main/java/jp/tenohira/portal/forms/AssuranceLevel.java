package jp.tenohira.portal.forms;

/**
 * How sure the portal must be of who applies: anonymous with a contact address, any
 * account login, or the My Number card through the デジタル認証アプリ (authentication or
 * signature).
 */
public enum AssuranceLevel {

	NONE("none"), ACCOUNT("account"), JPKI_AUTH("jpki-auth"), JPKI_SIGN("jpki-sign");

	private final String code;

	AssuranceLevel(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	static AssuranceLevel fromCode(String code) {
		for (AssuranceLevel level : values()) {
			if (level.code.equals(code)) {
				return level;
			}
		}
		throw new IllegalArgumentException(code);
	}

	/** Whether this level needs a My Number card login (デジタル認証アプリ). */
	public boolean isCard() {
		return this == JPKI_AUTH || this == JPKI_SIGN;
	}

}
