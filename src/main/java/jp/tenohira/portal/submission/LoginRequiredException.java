package jp.tenohira.portal.submission;

/**
 * The procedure needs a login the resident has not done yet; the web layer sends them to
 * log in and back.
 */
public class LoginRequiredException extends RuntimeException {

	private final String procedureId;

	public LoginRequiredException(String procedureId) {
		super("login required for " + procedureId);
		this.procedureId = procedureId;
	}

	public String procedureId() {
		return this.procedureId;
	}

}
