package jp.tenohira.portal.jpki;

/**
 * A sign-transactions answer the portal does not accept: not a JWE encrypted to the
 * portal's key with ECDH-ES and A256GCM, for another transaction, or missing parts. The
 * signature is then not used.
 */
public class InvalidSignResultException extends RuntimeException {

	public InvalidSignResultException(String message) {
		super(message);
	}

	public InvalidSignResultException(String message, Throwable cause) {
		super(message, cause);
	}

}
