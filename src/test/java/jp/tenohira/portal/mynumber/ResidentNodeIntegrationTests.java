package jp.tenohira.portal.mynumber;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextConfiguration;

import jp.tenohira.portal.PortalApplication;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.submission.ApplicationService;
import jp.tenohira.portal.submission.Draft;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalTestInitializer;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestMyNumberKeys;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * S14 on a resident-facing node ({@code portal.node-role=resident}): it encrypts what it
 * receives, has no bean that could decrypt it and cannot show a stored number to anyone;
 * given the private key, it refuses to start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = { ResidentNodeIntegrationTests.ResidentRole.class, PortalTestInitializer.class })
class ResidentNodeIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	@Autowired
	ApplicationService applications;

	@Autowired
	MyNumberSealer sealer;

	@Test
	void aResidentNodeEncryptsButHasNothingThatDecrypts() {
		assertThat(this.context.getBean(NodeRole.class)).isEqualTo(NodeRole.RESIDENT);
		assertThat(this.context.getBeanNamesForType(MyNumberOpener.class)).isEmpty();
		assertThat(this.context.getBeanProvider(MyNumberOpener.class).getIfAvailable()).isNull();
		assertThat(this.environment.getProperty("portal.my-number.private-key")).isNullOrEmpty();
		String sealed = this.sealer.seal("123456789018");
		assertThat(new MyNumberOpener(MyNumberKeys.privateKey(TestMyNumberKeys.privateJwk())).open(sealed))
			.as("what it encrypts is for the staff side's key")
			.isEqualTo("123456789018");
	}

	@Test
	void staffScreensTheStaffLoginAndTheApiAreNotServedHere() throws Exception {
		var allowance = this.registry.find(MyNumberFixtures.PROCEDURE).orElseThrow();
		String number = MyNumberFixtures.canary();
		Draft draft = MyNumberFixtures.insertDraft(allowance, "resident-node-" + number.hashCode());
		MyNumberFixtures.fill(this.applications, allowance, draft.id(), number, "");
		MyNumberFixtures.Stored stored = MyNumberFixtures.submit(draft.id(), Personas.SECTION_X, null);

		int port = Integer.parseInt(this.environment.getProperty("local.server.port"));
		ResidentClient browser = new ResidentClient(port);
		String casePath = "/staff/submissions/" + stored.submissionId();
		for (String path : new String[] { "/staff", casePath, "/staff/audit", "/oauth2/authorization/staff",
				"/api/v1/submissions/" + stored.submissionId(), "/%73taff",
				"/%73taff/submissions/" + stored.submissionId(), "/%61pi/v1/submissions/" + stored.submissionId(),
				"/oauth2/authorization/%73taff" }) {
			assertThat(browser.get(path).status()).as(path).isEqualTo(404);
		}
		ResidentClient.Response reveal = browser.post(casePath + "/my-number/reveal",
				form("field", MyNumberFixtures.FIELD, "purpose", "eligibility", "purposeDetail", "審査のため"));
		assertThat(reveal.status()).isIn(403, 404);
		MyNumberFixtures.spellings(number).forEach((s) -> assertThat(reveal.body()).doesNotContain(s));
		// residents are served as usual
		assertThat(browser.get("/procedures/" + MyNumberFixtures.PROCEDURE).status()).isEqualTo(200);
	}

	@Test
	void aResidentNodeGivenThePrivateKeyRefusesToStart() {
		TestDatabase database = TestDatabase.get();
		SpringApplication application = new SpringApplication(PortalApplication.class);
		application.addInitializers(new PortalTestInitializer());
		Throwable failure = catchThrowable(() -> application.run("--server.port=0", "--portal.node-role=resident",
				"--portal.my-number.public-key=" + TestMyNumberKeys.publicJwk(),
				"--portal.my-number.private-key=" + TestMyNumberKeys.privateJwk(),
				"--spring.r2dbc.url=" + database.r2dbcUrl(), "--spring.flyway.url=" + database.jdbcUrl()));
		Throwable cause = failure;
		while (cause != null && !(cause instanceof MyNumberKeyException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("start-up refused because of the key").isInstanceOf(MyNumberKeyException.class);
		assertThat(cause.getMessage()).contains("resident", "portal.my-number.private-key")
			.doesNotContain(TestMyNumberKeys.privateJwk());
		FailureAnalysis analysis = new MyNumberKeyFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("must not hold the key");
	}

	/**
	 * Runs before {@link PortalTestInitializer}: the resident role with the public key
	 * only, so the shared initializer adds no private key.
	 */
	static class ResidentRole implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			TestPropertyValues.of(Map.of("portal.node-role", "resident", "portal.my-number.public-key",
					TestMyNumberKeys.publicJwk(), "portal.my-number.private-key", ""))
				.applyTo(context);
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
