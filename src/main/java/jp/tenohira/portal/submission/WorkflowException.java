package jp.tenohira.portal.submission;

/**
 * A workflow command that cannot be carried out as asked: the status does not allow it,
 * or something it needs (a reason, fields to correct, a destination section) is missing.
 * The code names the message shown to staff ({@code workflow.error.<code>}).
 */
public class WorkflowException extends RuntimeException {

	private final String code;

	public WorkflowException(String code) {
		super(code);
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	public String messageKey() {
		return "workflow.error." + this.code;
	}

}
