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

	private final String returnPath;

	public LoginRequiredException(String procedureId, AssuranceLevel required) {
		this(procedureId, required, null);
	}

	/**
	 * @param returnPath where to come back to after the login, when it is not the page
	 * asked for (for example the check page after a signature that came back too late)
	 */
	public LoginRequiredException(String procedureId, AssuranceLevel required, String returnPath) {
		super("login at " + required.code() + " required for " + procedureId);
		this.procedureId = procedureId;
		this.required = required;
		this.returnPath = returnPath;
	}

	/** Where to come back to, when the failing request's own page will not do. */
	public java.util.Optional<String> returnPath() {
		return java.util.Optional.ofNullable(this.returnPath);
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
