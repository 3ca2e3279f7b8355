package jp.tenohira.portal;

import no.nav.security.mock.oauth2.MockOAuth2Server;

import org.springframework.boot.SpringApplication;

import jp.tenohira.portal.jpki.simulator.DigitalAuthSimulator;
import jp.tenohira.portal.support.TestCardProvider;
import jp.tenohira.portal.support.TestIdentityProvider;
import jp.tenohira.portal.support.TestMyNumberKeys;

/**
 * The development run ({@code ./mvnw spring-boot:test-run}): the portal against the local
 * PostgreSQL, plus a local OpenID Connect provider on port 8090 whose login page accepts
 * any persona name (for example {@code resident-a}), and a デジタル認証アプリ simulator on port
 * 8091 for the My Number card. Lives in test sources, so nothing of it reaches the
 * production artefact.
 */
public final class DevPortalApplication {

	private DevPortalApplication() {
	}

	public static void main(String[] args) {
		int port = Integer.parseInt(System.getenv().getOrDefault("PORTAL_DEV_IDP_PORT", "8090"));
		MockOAuth2Server idp = TestIdentityProvider.start(port, true);
		System.setProperty("spring.security.oauth2.client.registration.resident.client-id", "tenohira-portal");
		System.setProperty("spring.security.oauth2.client.registration.resident.client-secret", "dev-secret");
		System.setProperty("spring.security.oauth2.client.registration.resident.scope", "openid,profile");
		System.setProperty("spring.security.oauth2.client.provider.resident.issuer-uri",
				TestIdentityProvider.issuer(idp));
		System.setProperty("spring.security.oauth2.client.registration.staff.client-id",
				TestIdentityProvider.STAFF_CLIENT_ID);
		System.setProperty("spring.security.oauth2.client.registration.staff.client-secret", "dev-secret");
		System.setProperty("spring.security.oauth2.client.registration.staff.scope", "openid,profile");
		System.setProperty("spring.security.oauth2.client.provider.staff.issuer-uri",
				TestIdentityProvider.staffIssuer(idp));
		System.setProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestIdentityProvider.apiIssuer(idp));
		System.setProperty("portal.api.clients.core-kankyou.sections", "kankyou-seisaku");
		System.setProperty("portal.security.secure-cookies", "false");
		System.setProperty("server.reactive.session.cookie.secure", "false");
		System.setProperty("server.reactive.session.cookie.name", "session");
		// the My Number card: a local デジタル認証アプリ simulator with its test CA (personas
		// valid, moved, expired, under15 are chosen on its page)
		int cardPort = Integer.parseInt(System.getenv().getOrDefault("PORTAL_DEV_CARD_PORT", "8091"));
		DigitalAuthSimulator card = DigitalAuthSimulator.start(cardPort);
		for (String property : TestCardProvider.with(card).properties()) {
			int equals = property.indexOf('=');
			System.setProperty(property.substring(0, equals), property.substring(equals + 1));
		}
		// My Numbers: a key pair generated for this run (never stored); the dev run plays
		// both roles, so it holds the staff side's private key too
		TestMyNumberKeys.properties().forEach(System::setProperty);
		SpringApplication.run(PortalApplication.class, args);
	}

}
