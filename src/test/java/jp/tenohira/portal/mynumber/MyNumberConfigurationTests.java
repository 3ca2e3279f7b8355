package jp.tenohira.portal.mynumber;

import java.nio.file.Path;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.FormsProperties;
import jp.tenohira.portal.support.TestMyNumberKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which keys each node role may hold, and the start-up refusals: a resident-facing node
 * with the private key, keys that are not what they must be, and definitions asking for
 * My Numbers with no key to encrypt them to.
 */
class MyNumberConfigurationTests {

	private static FormRegistry shipped;

	private final ECKey key = TestMyNumberKeys.generate("configuration-test");

	private final String publicJwk = this.key.toPublicJWK().toJSONString();

	private final String privateJwk = this.key.toJSONString();

	@BeforeAll
	static void loadDefinitions() {
		shipped = new FormRegistry(new FormsProperties(Path.of("forms"), 10240));
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withBean(FormRegistry.class, () -> shipped)
			.withUserConfiguration(MyNumberConfiguration.class);
	}

	@Test
	void allRoleWithBothKeysEncryptsAndDecrypts() {
		runner()
			.withPropertyValues("portal.my-number.public-key=" + this.publicJwk,
					"portal.my-number.private-key=" + this.privateJwk)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(MyNumberOpener.class);
				assertThat(context.getBean(NodeRole.class)).isEqualTo(NodeRole.ALL);
				String sealed = context.getBean(MyNumberSealer.class).seal("123456789018");
				assertThat(context.getBean(MyNumberOpener.class).open(sealed)).isEqualTo("123456789018");
			});
	}

	@Test
	void staffRoleDerivesThePublicKeyFromThePrivateOne() {
		runner().withPropertyValues("portal.node-role=staff", "portal.my-number.private-key=" + this.privateJwk)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(MyNumberOpener.class);
				String sealed = context.getBean(MyNumberSealer.class).seal("123456789018");
				assertThat(context.getBean(MyNumberOpener.class).open(sealed)).isEqualTo("123456789018");
			});
	}

	@Test
	void residentRoleWithThePublicKeyOnlyHasNoDecryptor() {
		runner().withPropertyValues("portal.node-role=resident", "portal.my-number.public-key=" + this.publicJwk)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(MyNumberOpener.class);
				assertThat(context.getBean(MyNumberSealer.class).isAvailable()).isTrue();
				assertThat(context.getBean(NodeRole.class).mayDecrypt()).isFalse();
			});
	}

	@Test
	void residentRoleRefusesToStartWithThePrivateKey() {
		runner()
			.withPropertyValues("portal.node-role=resident", "portal.my-number.public-key=" + this.publicJwk,
					"portal.my-number.private-key=" + this.privateJwk)
			.run((context) -> {
				assertThat(context).hasFailed();
				MyNumberKeyException cause = cause(context.getStartupFailure());
				assertThat(cause.getMessage()).contains("resident", "portal.my-number.private-key")
					.doesNotContain(this.key.getD().toString());
				FailureAnalysis analysis = new MyNumberKeyFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("resident");
			});
	}

	@Test
	void aPrivateKeyGivenAsThePublicOneIsRefused() {
		runner().withPropertyValues("portal.node-role=resident", "portal.my-number.public-key=" + this.privateJwk)
			.run((context) -> assertThat(cause(context.getStartupFailure()).getMessage())
				.contains("public-key contains a private key")
				.doesNotContain(this.key.getD().toString()));
	}

	@Test
	void keysThatDoNotBelongTogetherAreRefused() {
		String otherPublic = TestMyNumberKeys.generate("other").toPublicJWK().toJSONString();
		runner()
			.withPropertyValues("portal.my-number.public-key=" + otherPublic,
					"portal.my-number.private-key=" + this.privateJwk)
			.run((context) -> assertThat(cause(context.getStartupFailure()).getMessage())
				.contains("do not belong together"));
	}

	@Test
	void signingKeysAndOtherCurvesAreRefused() throws Exception {
		String signing = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
			.keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
			.generate()
			.toPublicJWK()
			.toJSONString();
		runner().withPropertyValues("portal.my-number.public-key=" + signing)
			.run((context) -> assertThat(cause(context.getStartupFailure()).getMessage()).contains("use enc"));
		String p384 = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_384).generate()
			.toPublicJWK()
			.toJSONString();
		runner().withPropertyValues("portal.my-number.public-key=" + p384)
			.run((context) -> assertThat(cause(context.getStartupFailure()).getMessage()).contains("P-256"));
		runner().withPropertyValues("portal.my-number.public-key={not json")
			.run((context) -> assertThat(cause(context.getStartupFailure()).getMessage()).contains("not a JWK"));
	}

	@Test
	void definitionsAskingForMyNumbersNeedAKey() {
		runner().run((context) -> assertThat(cause(context.getStartupFailure()).getMessage())
			.contains("jidou-teate-nintei", "portal.my-number.public-key"));
	}

	@Test
	void anUnknownRoleIsRefused() {
		runner().withPropertyValues("portal.node-role=internet", "portal.my-number.public-key=" + this.publicJwk)
			.run((context) -> assertThat(cause(context.getStartupFailure()).getMessage())
				.contains("portal.node-role must be all, resident or staff"));
	}

	private static MyNumberKeyException cause(Throwable failure) {
		Throwable current = failure;
		while (current != null && !(current instanceof MyNumberKeyException)) {
			current = current.getCause();
		}
		assertThat(current).as("failed because of the My Number keys").isInstanceOf(MyNumberKeyException.class);
		return (MyNumberKeyException) current;
	}

}
