package jp.tenohira.portal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import jp.tenohira.portal.jpki.simulator.DigitalAuthSimulator;

/**
 * The portal's registration with the デジタル認証アプリ, for tests and the development run: client
 * keys generated for this JVM (never stored in the repository), registered with the local
 * simulator together with the callback addresses, and the simulator's test CA written to
 * a file as the trust anchor.
 */
public final class TestCardProvider {

	public static final String CLIENT_ID = "tenohira-portal-card";

	/** What the portal asks for: assurance level 3 with a revocation check. */
	public static final String ACR_VALUES = "aal3 crl";

	private static TestCardProvider shared;

	private final DigitalAuthSimulator simulator;

	private final ECKey signingKey;

	private final ECKey encryptionKey;

	private final Path trustAnchor;

	private TestCardProvider(DigitalAuthSimulator simulator) {
		this.simulator = simulator;
		try {
			this.signingKey = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
				.keyID("sig-" + UUID.randomUUID())
				.generate();
			this.encryptionKey = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION)
				.keyID("enc-" + UUID.randomUUID())
				.generate();
			this.trustAnchor = Files.createTempFile("jlis-test-anchor", ".pem");
			this.trustAnchor.toFile().deleteOnExit();
			Files.writeString(this.trustAnchor, simulator.trustAnchorPem(), StandardCharsets.US_ASCII);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// the portal runs on a different free port in every test context
		simulator.registerClient(CLIENT_ID,
				new JWKSet(List.of(this.signingKey.toPublicJWK(), this.encryptionKey.toPublicJWK())),
				Set.of("http://localhost:*", "http://127.0.0.1:*"));
	}

	/** The registration with this JVM's shared simulator. */
	public static synchronized TestCardProvider shared() {
		if (shared == null) {
			shared = new TestCardProvider(DigitalAuthSimulator.shared());
		}
		return shared;
	}

	/** A registration with the given simulator (the development run). */
	public static TestCardProvider with(DigitalAuthSimulator simulator) {
		return new TestCardProvider(simulator);
	}

	public DigitalAuthSimulator simulator() {
		return this.simulator;
	}

	/** The portal's settings for this registration, as {@code key=value} pairs. */
	public List<String> properties() {
		String registration = "spring.security.oauth2.client.registration.card.";
		return List.of(registration + "client-id=" + CLIENT_ID,
				registration + "client-authentication-method=private_key_jwt",
				registration + "authorization-grant-type=authorization_code",
				registration + "scope=openid,name,address,birthdate,gender",
				registration + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
				registration + "client-name=マイナンバーカード",
				"spring.security.oauth2.client.provider.card.issuer-uri=" + this.simulator.issuer(),
				"portal.jpki.client-key=" + this.signingKey.toJSONString(),
				"portal.jpki.encryption-key=" + this.encryptionKey.toJSONString(),
				"portal.jpki.acr-values=" + ACR_VALUES, "portal.jpki.trust-anchors=file:" + this.trustAnchor);
	}

}
