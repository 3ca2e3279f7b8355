package jp.tenohira.portal.mynumber;

import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.jwk.ECKey;

/**
 * Decrypts a stored My Number with the staff side's private key. The bean exists only on
 * nodes whose role may decrypt ({@code staff}, {@code all}) and that have the key; on a
 * resident-facing node there is none. Callers audit every use (who, record, purpose).
 */
public final class MyNumberOpener {

	private final ECKey privateKey;

	private final String keyId;

	MyNumberOpener(ECKey privateKey) {
		this.privateKey = privateKey;
		this.keyId = MyNumberSealer.keyId(privateKey.toPublicJWK());
	}

	/**
	 * The twelve digits in a JWE made by {@link MyNumberSealer}. Anything else (another
	 * algorithm, another key, tampered bytes, a payload that is not a valid number) is
	 * refused with an exception that says nothing about the content.
	 */
	public String open(String compactJwe) {
		JWEObject jwe;
		try {
			jwe = JWEObject.parse(compactJwe);
		}
		catch (ParseException | RuntimeException ex) {
			throw new CannotOpenException("not a compact JWE");
		}
		JWEHeader header = jwe.getHeader();
		if (!MyNumberSealer.ALGORITHM.equals(header.getAlgorithm())
				|| !MyNumberSealer.ENCRYPTION.equals(header.getEncryptionMethod())) {
			throw new CannotOpenException("unexpected JWE algorithm");
		}
		if (header.getKeyID() != null && !header.getKeyID().equals(this.keyId)) {
			throw new CannotOpenException("encrypted to another key");
		}
		try {
			jwe.decrypt(new ECDHDecrypter(this.privateKey));
		}
		catch (JOSEException | RuntimeException ex) {
			throw new CannotOpenException("decryption failed");
		}
		String digits = jwe.getPayload().toString();
		if (!MyNumbers.isValid(digits)) {
			throw new CannotOpenException("the content is not a valid My Number");
		}
		return digits;
	}

	/** A stored value that this node cannot turn back into a number. */
	public static class CannotOpenException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CannotOpenException(String reason) {
			super(reason);
		}

	}

}
