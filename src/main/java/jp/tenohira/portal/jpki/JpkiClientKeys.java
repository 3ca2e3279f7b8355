package jp.tenohira.portal.jpki;

import java.text.ParseException;
import java.util.List;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;

import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The portal's keys registered with the Digital Agency: one signs the
 * {@code private_key_jwt} client assertions, the other decrypts the sign-transactions
 * results. Both are private EC JWKs from configuration; only their public halves ever
 * leave the portal ({@link #publicKeys()}).
 */
public final class JpkiClientKeys {

	private final JWK signingKey;

	private final JWK encryptionKey;

	private JpkiClientKeys(JWK signingKey, JWK encryptionKey) {
		this.signingKey = signingKey;
		this.encryptionKey = encryptionKey;
	}

	/**
	 * Parses both keys. Fails with a message naming the setting (never the key) when one
	 * is missing, malformed, not a private EC key or without {@code kid}.
	 * @param properties the {@code portal.jpki} settings
	 * @return the keys
	 * @throws IllegalStateException when a key is unusable
	 */
	public static JpkiClientKeys from(JpkiProperties properties) {
		JWK signing = parse("portal.jpki.client-key", properties.clientKey(), KeyUse.SIGNATURE);
		JWK encryption = parse("portal.jpki.encryption-key", properties.encryptionKey(), KeyUse.ENCRYPTION);
		if (signing.getKeyID().equals(encryption.getKeyID())) {
			throw new IllegalStateException(
					"portal.jpki.client-key and portal.jpki.encryption-key must be two keys with different kid values");
		}
		return new JpkiClientKeys(signing, encryption);
	}

	private static JWK parse(String setting, String json, KeyUse use) {
		if (json == null || json.isBlank()) {
			throw new IllegalStateException(setting + " is not set: give the private JWK (EC P-256) as JSON");
		}
		JWK jwk;
		try {
			jwk = JWK.parse(json.strip());
		}
		catch (ParseException ex) {
			// the message of a parse failure may quote the key: never pass it on
			throw new IllegalStateException(setting + " is not a valid JWK (JSON Web Key)");
		}
		if (!(jwk instanceof ECKey ec) || !ec.isPrivate()) {
			throw new IllegalStateException(setting + " must be a private EC key (with \"d\")");
		}
		if (!"P-256".equals(ec.getCurve().getName())) {
			throw new IllegalStateException(setting + " must be on curve P-256");
		}
		if (jwk.getKeyID() == null || jwk.getKeyID().isBlank()) {
			throw new IllegalStateException(setting + " has no \"kid\"");
		}
		if (jwk.getKeyUse() != null && !use.equals(jwk.getKeyUse())) {
			throw new IllegalStateException(setting + " must have \"use\": \"" + use.identifier() + "\"");
		}
		return (jwk.getKeyUse() != null) ? jwk : new ECKey.Builder(ec).keyUse(use).build();
	}

	/** The private key that signs client assertions ({@code use=sig}). */
	public JWK signingKey() {
		return this.signingKey;
	}

	/** The private key that decrypts sign results ({@code use=enc}). */
	public JWK encryptionKey() {
		return this.encryptionKey;
	}

	/**
	 * Client authentication with {@code private_key_jwt} for registrations that ask for
	 * it (a client assertion signed with {@link #signingKey()}); other registrations keep
	 * their own method.
	 * @param <T> the kind of grant request
	 * @return the token request parameters converter to add to a token response client
	 */
	public <T extends AbstractOAuth2AuthorizationGrantRequest> NimbusJwtClientAuthenticationParametersConverter<T> clientAuthentication() {
		return new NimbusJwtClientAuthenticationParametersConverter<>(
				(registration) -> ClientAuthenticationMethod.PRIVATE_KEY_JWT
					.equals(registration.getClientAuthenticationMethod()) ? this.signingKey : null);
	}

	/** Both public keys, as registered with the provider. */
	public JWKSet publicKeys() {
		return new JWKSet(List.of(this.signingKey.toPublicJWK(), this.encryptionKey.toPublicJWK()));
	}

}
