package jp.tenohira.portal.database;

/**
 * PostgreSQL could not be reached at start-up.
 */
public class DatabaseUnavailableException extends RuntimeException {

	private final String url;

	DatabaseUnavailableException(String url, Throwable cause) {
		super("PostgreSQL is not reachable at " + url, cause);
		this.url = url;
	}

	String url() {
		return this.url;
	}

}
