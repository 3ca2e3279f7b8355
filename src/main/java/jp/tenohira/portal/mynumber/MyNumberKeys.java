package jp.tenohira.portal.mynumber;

import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;

/**
 * Reads and checks the configured JWKs. Problems are reported by property name only: key
 * material never appears in a message.
 */
final class MyNumberKeys {

	static final String PUBLIC_PROPERTY = "portal.my-number.public-key";

	static final String PRIVATE_PROPERTY = "portal.my-number.private-key";

	private MyNumberKeys() {
	}

	/** A public EC P-256 JWK for encryption; a JWK holding a private part is refused. */
	static ECKey publicKey(String json) {
		ECKey key = parse(json, PUBLIC_PROPERTY);
		if (key.isPrivate()) {
			throw new MyNumberKeyException(PUBLIC_PROPERTY + " contains a private key: give only the public JWK "
					+ "(without \"d\"); the private key belongs on staff-facing nodes only");
		}
		return key;
	}

	/** A private EC P-256 JWK for decryption. */
	static ECKey privateKey(String json) {
		ECKey key = parse(json, PRIVATE_PROPERTY);
		if (!key.isPrivate()) {
			throw new MyNumberKeyException(PRIVATE_PROPERTY + " is not a private key (the JWK has no \"d\")");
		}
		return key;
	}

	/** Whether a public and a private key belong together. */
	static boolean samePair(ECKey publicKey, ECKey privateKey) {
		try {
			return publicKey.toECPublicKey().equals(privateKey.toECPublicKey());
		}
		catch (JOSEException ex) {
			return false;
		}
	}

	private static ECKey parse(String json, String property) {
		JWK jwk;
		try {
			jwk = JWK.parse(json.strip());
		}
		catch (ParseException ex) {
			throw new MyNumberKeyException(property + " is not a JWK (JSON Web Key)");
		}
		if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
			throw new MyNumberKeyException(property + " must be an EC key on the P-256 curve (kty EC, crv P-256)");
		}
		if (ec.getKeyUse() != null && !KeyUse.ENCRYPTION.equals(ec.getKeyUse())) {
			throw new MyNumberKeyException(property + " is marked for use '" + ec.getKeyUse().identifier()
					+ "'; a key that encrypts My Numbers must be for encryption only (use enc)");
		}
		return ec;
	}

}
