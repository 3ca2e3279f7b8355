package jp.tenohira.portal.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test application context at the run's fresh PostgreSQL database and the shared
 * local OIDC provider.
 */
public class PortalTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestDatabase database = TestDatabase.get();
		TestMail.shared();
		String issuer = TestIdentityProvider.issuer(TestIdentityProvider.shared());
		TestPropertyValues
			.of("spring.r2dbc.url=" + database.r2dbcUrl(), "spring.r2dbc.username=" + TestDatabase.APP_USER,
					"spring.r2dbc.password=" + TestDatabase.APP_PASSWORD, "spring.flyway.url=" + database.jdbcUrl(),
					"spring.flyway.user=" + database.user(), "spring.flyway.password=" + database.password(),
					"spring.security.oauth2.client.registration.resident.client-id=tenohira-portal",
					"spring.security.oauth2.client.registration.resident.client-secret=test-secret",
					"spring.security.oauth2.client.registration.resident.scope=openid,profile",
					"spring.security.oauth2.client.provider.resident.issuer-uri=" + issuer,
					"spring.security.oauth2.client.registration.staff.client-id="
							+ TestIdentityProvider.STAFF_CLIENT_ID,
					"spring.security.oauth2.client.registration.staff.client-secret=test-secret",
					"spring.security.oauth2.client.registration.staff.scope=openid,profile",
					"spring.security.oauth2.client.provider.staff.issuer-uri="
							+ TestIdentityProvider.staffIssuer(TestIdentityProvider.shared()),
					"spring.security.oauth2.resourceserver.jwt.issuer-uri="
							+ TestIdentityProvider.apiIssuer(TestIdentityProvider.shared()),
					"portal.api.clients." + Personas.API_CLIENT_X + ".sections=" + Personas.SECTION_X,
					"portal.api.clients." + Personas.API_CLIENT_Y + ".sections=" + Personas.SECTION_Y,
					"spring.mail.host=127.0.0.1", "spring.mail.port=" + TestMail.SMTP_PORT,
					"portal.security.secure-cookies=false", "server.reactive.session.cookie.secure=false",
					"server.reactive.session.cookie.name=session",

					"portal.inbox.relay-interval=200ms")
			.applyTo(context);
		// the My Number card through the local デジタル認証アプリ simulator
		TestPropertyValues.of(TestCardProvider.shared().properties()).applyTo(context);
		// Tests drive many requests from one address; a test that checks the limits sets
		// its own.
		if (!context.getEnvironment().containsProperty("portal.rate-limit.submits-per-minute-under-test")) {
			TestPropertyValues
				.of("portal.rate-limit.submits-per-minute=100000", "portal.rate-limit.saves-per-minute=100000",
						"portal.rate-limit.uploads-per-minute=100000", "portal.rate-limit.logins-per-minute=100000")
				.applyTo(context);
		}
		// My Number keys, generated per test JVM; a test that configures its own keeps
		// them.
		if (!context.getEnvironment().containsProperty("portal.my-number.public-key")) {
			TestPropertyValues.of(TestMyNumberKeys.properties()).applyTo(context);
		}
	}

}
