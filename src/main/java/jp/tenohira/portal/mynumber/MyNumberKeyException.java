package jp.tenohira.portal.mynumber;

/**
 * The My Number keys or the node role are configured in a way the portal refuses to run
 * with. The message says what to change and never contains key material.
 */
public class MyNumberKeyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public MyNumberKeyException(String message) {
		super(message);
	}

}
