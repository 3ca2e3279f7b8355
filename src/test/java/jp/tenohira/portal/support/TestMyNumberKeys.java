package jp.tenohira.portal.support;

import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * The staff side's My Number key pair for this test JVM: generated at first use, never
 * written anywhere, so no key that decrypts My Numbers is ever in the repository.
 */
public final class TestMyNumberKeys {

	private static final ECKey KEY = generate("test-my-number");

	private TestMyNumberKeys() {
	}

	/** The private JWK (EC P-256) as JSON. */
	public static String privateJwk() {
		return KEY.toJSONString();
	}

	/** The public JWK as JSON. */
	public static String publicJwk() {
		return KEY.toPublicJWK().toJSONString();
	}

	/** Both keys as the portal's properties. */
	public static Map<String, String> properties() {
		return Map.of("portal.my-number.public-key", publicJwk(), "portal.my-number.private-key", privateJwk());
	}

	/** A fresh key pair, for tests that need a key other than the portal's. */
	public static ECKey generate(String keyId) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(keyId).keyUse(KeyUse.ENCRYPTION).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
