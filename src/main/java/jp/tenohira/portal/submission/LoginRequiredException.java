package jp.tenohira.portal.submission;

import jp.tenohira.portal.forms.AssuranceLevel;

/**
 * The procedure needs a login the resident has not done yet, or a stronger one (the My
 * Number card); the web layer explains which and sends them to log in and back to where
 * they were.
 */
public class LoginRequiredException extends RuntimeException {

	private final String procedureId;

	private final AssuranceLevel required;

	public LoginRequiredException(String procedureId, AssuranceLevel required) {
		super("login at " + required.code() + " required for " + procedureId);
		this.procedureId = procedureId;
		this.required = required;
	}

	public String procedureId() {
		return this.procedureId;
	}

	public AssuranceLevel required() {
		return this.required;
	}

	/** Whether only a My Number card login will do. */
	public boolean needsCard() {
		return this.required == AssuranceLevel.JPKI_AUTH || this.required == AssuranceLevel.JPKI_SIGN;
	}

}
