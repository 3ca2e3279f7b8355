package jp.tenohira.portal.mynumber;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.ECKey;

/**
 * Encrypts a My Number to the staff side's public key as a compact JWE (ECDH-ES key
 * agreement with a fresh ephemeral key per number, A256GCM authenticated encryption).
 * Every node has one; what it produces can only be read where the private key is.
 */
public final class MyNumberSealer {

	static final JWEAlgorithm ALGORITHM = JWEAlgorithm.ECDH_ES;

	static final EncryptionMethod ENCRYPTION = EncryptionMethod.A256GCM;

	private final ECKey publicKey;

	private final String keyId;

	MyNumberSealer(ECKey publicKey) {
		this.publicKey = publicKey;
		this.keyId = (publicKey != null) ? keyId(publicKey) : null;
	}

	/** Whether a public key is configured. */
	public boolean isAvailable() {
		return this.publicKey != null;
	}

	/**
	 * The number as a compact JWE; only valid numbers (see {@link MyNumbers#isValid}) are
	 * accepted.
	 */
	public String seal(String digits) {
		if (this.publicKey == null) {
			throw new IllegalStateException(
					"no My Number public key is configured (" + MyNumberKeys.PUBLIC_PROPERTY + ")");
		}
		if (!MyNumbers.isValid(digits)) {
			throw new IllegalArgumentException("only a valid My Number is encrypted");
		}
		JWEHeader header = new JWEHeader.Builder(ALGORITHM, ENCRYPTION).keyID(this.keyId).build();
		JWEObject jwe = new JWEObject(header, new Payload(digits));
		try {
			jwe.encrypt(new ECDHEncrypter(this.publicKey));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("My Number encryption failed", ex);
		}
		return jwe.serialize();
	}

	/** The key's own id, or its RFC 7638 thumbprint when it has none. */
	static String keyId(ECKey key) {
		if (key.getKeyID() != null) {
			return key.getKeyID();
		}
		try {
			return key.computeThumbprint().toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
