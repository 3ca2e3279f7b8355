package jp.tenohira.portal.identity;

import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.web.util.UriComponentsBuilder;

import jp.tenohira.portal.jpki.simulator.DigitalAuthSimulator;
import jp.tenohira.portal.jpki.simulator.DigitalAuthSimulator.Spoil;
import jp.tenohira.portal.jpki.simulator.Persona;
import jp.tenohira.portal.support.CardLogins;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestCardProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S6 for the My Number card login through the デジタル認証アプリ (its local simulator): the
 * authorization request carries PKCE S256, state, nonce and acr_values; the token
 * endpoint accepts only our private_key_jwt; and every spoiled answer — wrong state,
 * replayed code, ID token with a wrong audience or issuer, unsigned, signed by a foreign
 * key, expired, with another nonce or a weaker acr — is refused without a session, as is
 * an open redirect after login. Errors the app reports are explained to the resident.
 */
@PortalIntegrationTest
class CardLoginIntegrationTests {

	@Autowired
	Environment environment;

	DigitalAuthSimulator simulator = TestCardProvider.shared().simulator();

	@AfterEach
	void restore() {
		this.simulator.reset();
	}

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	@Test
	void theAuthorizationRequestCarriesPkceStateNonceAndTheAssuranceAsked() {
		ResidentClient browser = new ResidentClient(port());
		String authorize = CardLogins.authorizationRedirect(browser, "/login/card?return=/mypage");
		Map<String, String> query = query(authorize);
		assertThat(authorize).startsWith(this.simulator.issuer() + "/protocol/openid-connect/auth?");
		assertThat(query).containsEntry("response_type", "code")
			.containsEntry("client_id", TestCardProvider.CLIENT_ID)
			.containsEntry("code_challenge_method", "S256")
			.containsEntry("acr_values", TestCardProvider.ACR_VALUES)
			.containsKeys("state", "nonce", "code_challenge");
		assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
		assertThat(query.get("scope").split(" ")).contains("openid", "name", "address", "birthdate", "gender");
		assertThat(query).doesNotContainKey("client_secret");
	}

	@Test
	void aCardLoginWithPrivateKeyJwtLogsTheResidentInAndReturnsWhereAsked() {
		ResidentClient browser = new ResidentClient(port());
		ResidentClient.Response landed = CardLogins.follow(browser, "/login/card?return=/mypage", Persona.VALID, "ok");
		assertThat(landed.status()).isEqualTo(200);
		assertThat(landed.html().select("form[action=/logout]")).hasSize(1);
		// the simulator refuses any token request without our signed client assertion,
		// so a session here means private_key_jwt was used
		assertThat(browser.get("/mypage").status()).isEqualTo(200);
		// a resident, never staff
		assertThat(browser.get("/staff").status()).isEqualTo(403);
	}

	@Test
	void aWrongStateIsRefused() {
		ResidentClient browser = new ResidentClient(port());
		String callback = callbackOf(browser, Persona.VALID);
		String forged = UriComponentsBuilder.fromUriString(callback)
			.replaceQueryParam("state", "forged-state")
			.build()
			.toUriString();
		assertRefused(browser, browser.get(forged));
	}

	@Test
	void aReplayedCodeIsRefused() {
		ResidentClient first = new ResidentClient(port());
		String callback = callbackOf(first, Persona.VALID);
		ResidentClient.Response done = first.get(callback);
		assertThat(done.location()).endsWith("/mypage");
		// the same browser again (its authorization request is used up; its own login
		// stays) and another one
		assertThat(first.get(callback).location()).contains("/login-failed");
		ResidentClient other = new ResidentClient(port());
		other.get("/login/card?return=/mypage");
		assertRefused(other, other.get(callback));
	}

	@Test
	void spoiledIdTokensAreRefused() {
		Map<String, UnaryOperator<JWTClaimsSet>> claims = new LinkedHashMap<>();
		claims.put("wrong audience", (c) -> new JWTClaimsSet.Builder(c).audience("someone-else").build());
		claims.put("wrong issuer", (c) -> new JWTClaimsSet.Builder(c).issuer("http://127.0.0.1:1/realms/evil").build());
		claims.put("expired",
				(c) -> new JWTClaimsSet.Builder(c).issueTime(Date.from(Instant.now().minusSeconds(900)))
					.expirationTime(Date.from(Instant.now().minusSeconds(600)))
					.build());
		claims.put("nonce mismatch", (c) -> new JWTClaimsSet.Builder(c).claim("nonce", "another-nonce").build());
		claims.forEach((name, change) -> {
			this.simulator.spoilNextIdToken(Spoil.CLAIMS_ONLY, change);
			assertRefusedLogin(name, "other");
		});
		this.simulator.spoilNextIdToken(Spoil.UNSIGNED, UnaryOperator.identity());
		assertRefusedLogin("alg=none", "other");
		this.simulator.spoilNextIdToken(Spoil.FOREIGN_KEY, UnaryOperator.identity());
		assertRefusedLogin("signed by a key not in the JWKS", "other");
		this.simulator.spoilNextIdToken(Spoil.CLAIMS_ONLY,
				(c) -> new JWTClaimsSet.Builder(c).claim("acr", "aal1").build());
		assertRefusedLogin("assurance below aal3", "assurance");
	}

	@Test
	void noOpenRedirectAfterLogin() {
		for (String target : new String[] { "https://evil.example/phish", "//evil.example/phish", "/\\evil.example",
				"/procedures/../../evil", "javascript:alert(1)" }) {
			ResidentClient browser = new ResidentClient(port());
			String callback = callbackOf(browser, Persona.VALID, "/login/card?return="
					+ java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8));
			String location = browser.get(callback).location();
			assertThat(URI.create(location).getPath()).as(target).isEqualTo("/mypage");
			assertThat(URI.create(location).getQuery()).as(target).isNull();
			assertThat(URI.create(location).getHost()).as(target).isIn(null, "localhost");
		}
	}

	@Test
	void whatTheAppReportsIsExplainedInPlainWords() {
		Map<String, String[]> cases = new LinkedHashMap<>();
		cases.put("pin_locked", new String[] { "pin-locked", "市民課の窓口で暗証番号の初期化" });
		cases.put("pin_incorrect", new String[] { "pin-incorrect", "3回" });
		cases.put("card_read_failed", new String[] { "card-not-read", "読み取り位置" });
		cases.put("access_denied", new String[] { "cancelled", "取り消されました" });
		cases.forEach((outcome, expected) -> {
			ResidentClient browser = new ResidentClient(port());
			ResidentClient.Response page = CardLogins.follow(browser, "/login/card?return=/mypage", Persona.VALID,
					outcome);
			assertThat(page.status()).as(outcome).isEqualTo(200);
			assertThat(page.html().getElementById("card-problem")).as(outcome).isNotNull();
			assertThat(page.html().text()).as(outcome).contains(expected[1]).contains("入力中の内容は保存されています");
			assertThat(browser.get("/mypage").status()).as(outcome).isEqualTo(302);
		});
		ResidentClient expired = new ResidentClient(port());
		ResidentClient.Response page = CardLogins.follow(expired, "/login/card?return=/mypage", Persona.EXPIRED, "ok");
		assertThat(page.html().text()).contains("有効期限が切れています");
	}

	@Test
	void whenTheAppIsDownTheResidentIsToldAndNothingBreaks() {
		ResidentClient browser = new ResidentClient(port());
		String callback = callbackOf(browser, Persona.VALID);
		this.simulator.setDown(true);
		ResidentClient.Response failed = browser.get(browser.get(callback).location());
		assertThat(failed.status()).isEqualTo(200);
		assertThat(failed.html().text()).contains("つながりません").doesNotContain("Exception");
	}

	private void assertRefusedLogin(String name, String reason) {
		ResidentClient browser = new ResidentClient(port());
		ResidentClient.Response response = browser.get(callbackOf(browser, Persona.VALID));
		assertThat(response.location()).as(name).contains("/login-failed?reason=" + reason + "&via=card");
		assertThat(browser.get("/mypage").status()).as(name + ": no session").isEqualTo(302);
	}

	private void assertRefused(ResidentClient browser, ResidentClient.Response response) {
		assertThat(response.status()).isEqualTo(302);
		assertThat(response.location()).contains("/login-failed");
		assertThat(browser.get("/mypage").status()).as("no session").isEqualTo(302);
	}

	/** Runs the login up to the portal's callback and returns that address, unvisited. */
	private String callbackOf(ResidentClient browser, Persona persona) {
		return callbackOf(browser, persona, "/login/card?return=/mypage");
	}

	private String callbackOf(ResidentClient browser, Persona persona, String start) {
		String authorize = CardLogins.authorizationRedirect(browser, start);
		ResidentClient.Response app = browser.get(authorize + "&auto=1&persona=" + persona.id() + "&outcome=ok");
		String callback = app.location();
		assertThat(callback).contains("/login/oauth2/code/card?");
		return callback;
	}

	private static Map<String, String> query(String uri) {
		Map<String, String> query = new LinkedHashMap<>();
		UriComponentsBuilder.fromUriString(uri)
			.build()
			.getQueryParams()
			.forEach((key, values) -> query.put(key,
					java.net.URLDecoder.decode(values.get(0), java.nio.charset.StandardCharsets.UTF_8)));
		return query;
	}

}
