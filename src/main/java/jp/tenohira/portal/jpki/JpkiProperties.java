package jp.tenohira.portal.jpki;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The デジタル認証アプリ client: which OAuth2 client registration is the card login, the keys
 * registered with the Digital Agency, and how signatures are checked.
 *
 * @param registrationId the {@code spring.security.oauth2.client.registration} id of the
 * card login
 * @param clientKey the private JWK (EC P-256, with {@code kid}) that signs the
 * {@code private_key_jwt} client assertions; from a secret store, never from the
 * repository
 * @param encryptionKey the private JWK (EC P-256, with {@code kid}) that decrypts the
 * sign-transactions results (JWE)
 * @param acrValues the {@code acr_values} sent with every card authorization (for example
 * {@code aal3 crl}); none when blank
 * @param apiBaseUri where {@code /api/sign-transactions} lives; the provider's issuer
 * when not set
 * @param trustAnchors PEM files with the J-LIS signature CA certificates a signing
 * certificate must chain to
 * @param revocation how revocation is checked
 */
@ConfigurationProperties("portal.jpki")
public record JpkiProperties(String registrationId, String clientKey, String encryptionKey, String acrValues,
		URI apiBaseUri, List<Resource> trustAnchors, Revocation revocation) {

	public JpkiProperties {
		registrationId = (registrationId != null) ? registrationId : "card";
		trustAnchors = (trustAnchors != null) ? List.copyOf(trustAnchors) : List.of();
		revocation = (revocation != null) ? revocation : new Revocation(null, null, null, null);
	}

	/**
	 * The extra parameters of every card authorization request (login and signing):
	 * {@code acr_values} when configured.
	 */
	public Map<String, Object> authorizationParameters() {
		return (this.acrValues != null && !this.acrValues.isBlank()) ? Map.of("acr_values", this.acrValues.strip())
				: Map.of();
	}

	/** Whether a card login is configured at all. */
	public boolean configured() {
		return this.clientKey != null && !this.clientKey.isBlank();
	}

	/**
	 * Revocation checking (失効確認).
	 *
	 * @param method {@code ocsp} (with the CRL as fallback when the certificate names no
	 * responder) or {@code crl}
	 * @param ocspTimeout how long to wait for an OCSP responder
	 * @param crlTimeout how long to wait for a CRL download
	 * @param crlRefresh how often a cached CRL is fetched again (sooner when its
	 * nextUpdate is earlier)
	 */
	public record Revocation(String method, Duration ocspTimeout, Duration crlTimeout, Duration crlRefresh) {

		public Revocation {
			method = (method != null) ? method : "crl";
			ocspTimeout = (ocspTimeout != null) ? ocspTimeout : Duration.ofSeconds(5);
			crlTimeout = (crlTimeout != null) ? crlTimeout : Duration.ofSeconds(10);
			crlRefresh = (crlRefresh != null) ? crlRefresh : Duration.ofDays(1);
		}

	}

}
