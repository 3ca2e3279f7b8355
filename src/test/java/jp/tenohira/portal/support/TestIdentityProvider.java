package jp.tenohira.portal.support;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * A real OpenID Connect provider for development and tests (NAV's mock-oauth2-server).
 * The issuer {@code resident} signs ID tokens for whoever logs in; in interactive mode
 * its login page asks for a user name, which becomes the subject.
 */
public final class TestIdentityProvider {

	public static final String ISSUER_ID = "resident";

	/** Issuer of staff logins (the city's staff directory in production). */
	public static final String STAFF_ISSUER_ID = "staff";

	/** Issuer of back-office API access tokens (client credentials). */
	public static final String API_ISSUER_ID = "api";

	public static final String STAFF_CLIENT_ID = "tenohira-staff";

	public static final String API_AUDIENCE = "tenohira-api";

	private static MockOAuth2Server shared;

	private TestIdentityProvider() {
	}

	/** Starts a provider on the given port (0 for any) on the loopback address. */
	public static MockOAuth2Server start(int port, boolean interactive) {
		String json = """
				{ "interactiveLogin": %s, "httpServer": "NettyWrapper",
				  "tokenCallbacks": [ { "issuerId": "resident", "tokenExpiry": 3600,
				    "requestMappings": [ { "requestParam": "grant_type", "match": "*",
				      "claims": { "sub": "resident-a", "name": "郡山 太郎", "aud": ["tenohira-portal"] } } ] },
				  { "issuerId": "staff", "tokenExpiry": 3600,
				    "requestMappings": [ { "requestParam": "grant_type", "match": "*",
				      "claims": { "sub": "staff-kankyou", "name": "環境 花子", "aud": ["tenohira-staff"],
				        "roles": ["clerk", "approver"], "sections": ["kankyou-seisaku"] } } ] },
				  { "issuerId": "api", "tokenExpiry": 600,
				    "requestMappings": [ { "requestParam": "client_id", "match": "core-kankyou",
				      "claims": { "sub": "core-kankyou", "client_id": "core-kankyou", "aud": ["tenohira-api"] } },
				      { "requestParam": "client_id", "match": "*", "claims": { "aud": ["tenohira-api"] } } ] } ] }
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

	public static String staffIssuer(MockOAuth2Server server) {
		return server.issuerUrl(STAFF_ISSUER_ID).toString();
	}

	public static String apiIssuer(MockOAuth2Server server) {
		return server.issuerUrl(API_ISSUER_ID).toString();
	}

	/** The next resident login (on the shared provider) is this subject. */
	public static void nextResident(String subject) {
		shared().enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of("tenohira-portal"),
				Map.of("name", "テスト 利用者"), 3600));
	}

	/** The next staff login (on the shared provider) is this person. */
	public static void nextStaff(String subject, String name, List<String> roles, List<String> sections) {
		shared().enqueueCallback(new DefaultOAuth2TokenCallback(STAFF_ISSUER_ID, subject, "JWT",
				List.of(STAFF_CLIENT_ID), Map.of("name", name, "roles", roles, "sections", sections), 3600));
	}

	/**
	 * An access token for a back-office API client, obtained with the client-credentials
	 * grant from the shared provider.
	 */
	public static String apiToken(String clientId) {
		shared().enqueueCallback(new DefaultOAuth2TokenCallback(API_ISSUER_ID, clientId, "JWT", List.of(API_AUDIENCE),
				Map.of("client_id", clientId), 600));
		return apiTokenAsConfigured(clientId);
	}

	/**
	 * A token as the provider issues it without a per-test callback: for an unknown
	 * client it names no client at all.
	 */
	public static String apiTokenAsConfigured(String clientId) {
		String body = "grant_type=client_credentials&client_id=" + clientId + "&client_secret=secret&scope=inbox";
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(shared().tokenEndpointUrl(API_ISSUER_ID).toString()))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			Matcher token = ACCESS_TOKEN.matcher(response.body());
			if (response.statusCode() != 200 || !token.find()) {
				throw new IllegalStateException("No API token: " + response.statusCode());
			}
			return token.group(1);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

}
