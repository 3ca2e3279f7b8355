package jp.tenohira.portal.jpki;

/**
 * The デジタル認証アプリ could not be reached or failed (connection refused, timeout, a 5xx
 * answer): nothing the resident did, worth trying again later.
 */
public class ProviderUnavailableException extends RuntimeException {

	public ProviderUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public ProviderUnavailableException(String message) {
		super(message);
	}

}
