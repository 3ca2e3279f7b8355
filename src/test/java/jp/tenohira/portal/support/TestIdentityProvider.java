package jp.tenohira.portal.support;

import java.net.InetAddress;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * A real OpenID Connect provider for development and tests (NAV's mock-oauth2-server).
 * The issuer {@code resident} signs ID tokens for whoever logs in; in interactive mode
 * its login page asks for a user name, which becomes the subject.
 */
public final class TestIdentityProvider {

	public static final String ISSUER_ID = "resident";

	private static MockOAuth2Server shared;

	private TestIdentityProvider() {
	}

	/** Starts a provider on the given port (0 for any) on the loopback address. */
	public static MockOAuth2Server start(int port, boolean interactive) {
		String json = """
				{ "interactiveLogin": %s, "httpServer": "NettyWrapper",
				  "tokenCallbacks": [ { "issuerId": "resident", "tokenExpiry": 3600,
				    "requestMappings": [ { "requestParam": "grant_type", "match": "*",
				      "claims": { "sub": "resident-a", "name": "郡山 太郎", "aud": ["tenohira-portal"] } } ] } ] }
				""".formatted(interactive);
		MockOAuth2Server server = new MockOAuth2Server(OAuth2Config.Companion.fromJson(json));
		try {
			server.start(InetAddress.getLoopbackAddress(), port);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the local OIDC provider on port " + port, ex);
		}
		return server;
	}

	/** One non-interactive provider shared by the test run. */
	public static synchronized MockOAuth2Server shared() {
		if (shared == null) {
			shared = start(0, false);
		}
		return shared;
	}

	public static String issuer(MockOAuth2Server server) {
		return server.issuerUrl(ISSUER_ID).toString();
	}

}
