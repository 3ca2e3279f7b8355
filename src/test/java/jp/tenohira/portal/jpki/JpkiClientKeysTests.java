package jp.tenohira.portal.jpki;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The client keys come from configuration: both must be private EC P-256 JWKs with a kid;
 * anything else stops start-up with a message naming the setting and never quoting the
 * key. Without a client key the card beans are not created at all.
 */
class JpkiClientKeysTests {

	static ECKey key(KeyUse use, String kid) throws Exception {
		return new ECKeyGenerator(Curve.P_256).keyUse(use).keyID(kid).generate();
	}

	static JpkiProperties properties(String clientKey, String encryptionKey) {
		return new JpkiProperties(null, clientKey, encryptionKey, null, null, null, null);
	}

	@Test
	void parsesBothKeysAndPublishesOnlyTheirPublicHalves() throws Exception {
		ECKey sig = key(KeyUse.SIGNATURE, "portal-sig");
		ECKey enc = new ECKeyGenerator(Curve.P_256).keyID("portal-enc").generate();
		JpkiClientKeys keys = JpkiClientKeys.from(properties(sig.toJSONString(), enc.toJSONString()));
		assertThat(keys.signingKey().isPrivate()).isTrue();
		assertThat(keys.signingKey().getKeyID()).isEqualTo("portal-sig");
		assertThat(keys.encryptionKey().getKeyUse()).as("use added when missing").isEqualTo(KeyUse.ENCRYPTION);
		assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID).containsExactly("portal-sig", "portal-enc");
		assertThat(keys.publicKeys().getKeys()).noneMatch(JWK::isPrivate);
		assertThat(keys.publicKeys().toString()).doesNotContain("\"d\"");
	}

	@Test
	void refusesUnusableKeysNamingTheSettingButNotTheKey() throws Exception {
		String enc = key(KeyUse.ENCRYPTION, "e").toJSONString();
		String secretLooking = "{\"kty\":\"EC\",\"d\":\"c2VjcmV0LXNob3VsZC1uZXZlci1iZS1sb2dnZWQ\"";
		assertThatIllegalStateException().isThrownBy(() -> JpkiClientKeys.from(properties(secretLooking, enc)))
			.withMessageContaining("portal.jpki.client-key")
			.withMessageNotContaining("c2VjcmV0");
		assertThatIllegalStateException().isThrownBy(() -> JpkiClientKeys.from(properties(" ", enc)))
			.withMessageContaining("portal.jpki.client-key is not set");
		String rsa = new RSAKeyGenerator(2048).keyID("r").generate().toJSONString();
		assertThatIllegalStateException().isThrownBy(() -> JpkiClientKeys.from(properties(rsa, enc)))
			.withMessageContaining("private EC key");
		String publicOnly = key(KeyUse.SIGNATURE, "s").toPublicJWK().toJSONString();
		assertThatIllegalStateException().isThrownBy(() -> JpkiClientKeys.from(properties(publicOnly, enc)))
			.withMessageContaining("private EC key");
		String noKid = new ECKeyGenerator(Curve.P_256).generate().toJSONString();
		assertThatIllegalStateException().isThrownBy(() -> JpkiClientKeys.from(properties(noKid, enc)))
			.withMessageContaining("kid");
		String wrongUse = key(KeyUse.ENCRYPTION, "s").toJSONString();
		assertThatIllegalStateException().isThrownBy(() -> JpkiClientKeys.from(properties(wrongUse, enc)))
			.withMessageContaining("\"use\": \"sig\"");
		String sameKid = key(KeyUse.SIGNATURE, "e").toJSONString();
		assertThatIllegalStateException().isThrownBy(() -> JpkiClientKeys.from(properties(sameKid, enc)))
			.withMessageContaining("different kid");
		String sig = key(KeyUse.SIGNATURE, "s").toJSONString();
		assertThatIllegalStateException().isThrownBy(() -> JpkiClientKeys.from(properties(sig, null)))
			.withMessageContaining("portal.jpki.encryption-key is not set");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(JpkiProperties.class)
	static class Registrations {

		@Bean
		ReactiveClientRegistrationRepository registrations() {
			return new InMemoryReactiveClientRegistrationRepository(ClientRegistration.withRegistrationId("card")
				.clientId("portal")
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri("http://127.0.0.1/login/oauth2/code/card")
				.authorizationUri("http://127.0.0.1:9/auth")
				.tokenUri("http://127.0.0.1:9/token")
				.build());
		}

	}

	@Test
	void cardBeansExistOnlyWhenConfiguredAndBadKeysStopStartUp() throws Exception {
		ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Registrations.class,
				JpkiConfiguration.class);
		runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(JpkiClientKeys.class)
			.doesNotHaveBean(SignTransactions.class));
		runner
			.withPropertyValues("portal.jpki.client-key=" + key(KeyUse.SIGNATURE, "s").toJSONString(),
					"portal.jpki.encryption-key=" + key(KeyUse.ENCRYPTION, "e").toJSONString())
			.run((context) -> assertThat(context).hasSingleBean(JpkiClientKeys.class)
				.hasSingleBean(SignTransactions.class));
		runner.withPropertyValues("portal.jpki.client-key={not json")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("portal.jpki.client-key is not a valid JWK"));
	}

}
