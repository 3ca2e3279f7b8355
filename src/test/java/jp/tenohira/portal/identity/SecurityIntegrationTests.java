package jp.tenohira.portal.identity;

import java.sql.SQLException;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jsoup.nodes.Document;
import reactor.core.publisher.Flux;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;

import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSRF (S4), security headers (S15), session exhaustion (S20) and error pages (S23) on
 * the running portal.
 */
@PortalIntegrationTest
class SecurityIntegrationTests {

	@Autowired
	Environment environment;

	@Autowired
	WebSessionManager sessions;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	@Test
	void postsWithoutAValidCsrfTokenAreRefusedAndChangeNothing() throws SQLException {
		ResidentClient resident = new ResidentClient(port());
		String first = resident.apply("sodai-gomi");
		resident.get(first);
		String draftId = first.replaceAll(".*/applications/", "").replaceAll("/.*", "");

		ResidentClient.Response noToken = resident.post(first, form("_csrf", "", "applicant-name.family", "攻撃"));
		assertThat(noToken.status()).isEqualTo(403);
		assertThat(noToken.html().select("h1").text()).isEqualTo("この操作はできません");

		ResidentClient other = new ResidentClient(port());
		other.get("/procedures/sodai-gomi");
		ResidentClient.Response otherSessionsToken = resident.post(first,
				form("_csrf", other.csrf(), "applicant-name.family", "攻撃"));
		assertThat(otherSessionsToken.status()).isEqualTo(403);

		ResidentClient.Response multipartWithoutToken = resident.postMultipart(first,
				form("_csrf", "", "applicant-name.family", "攻撃"), null, null, null, null);
		assertThat(multipartWithoutToken.status()).isEqualTo(403);

		ResidentClient.Response submitWithoutToken = resident.post(first.replaceAll("/pages/.*", "/submit"),
				form("_csrf", "forged"));
		assertThat(submitWithoutToken.status()).isEqualTo(403);

		assertThat(answersOf(draftId)).doesNotContain("攻撃");
		assertThat(TestDatabase.get().count("select count(*) from submission where draft_id = '" + draftId + "'"))
			.isZero();

		ResidentClient.Response multipartWithToken = resident.postMultipart(first,
				form("applicant-name.family", "正当", "_action", "back"), null, null, null, null);
		assertThat(multipartWithToken.status()).isEqualTo(303);
		assertThat(answersOf(draftId)).contains("正当");
	}

	@Test
	void everyFormOnEveryPageCarriesTheCsrfToken() {
		ResidentClient resident = new ResidentClient(port());
		String first = resident.apply("sodai-gomi");
		for (String path : List.of("/procedures/sodai-gomi", first, first.replaceAll("/pages/.*", "/check"))) {
			Document page = resident.get(path).html();
			assertThat(page.select("form[method=post]")).as(path)
				.isNotEmpty()
				.allSatisfy((form) -> assertThat(form.select("input[name=_csrf]").attr("value")).as(path).isNotBlank());
		}
	}

	@Test
	void securityHeadersOnEveryKindOfResponse() {
		ResidentClient resident = new ResidentClient(port());
		String first = resident.apply("sodai-gomi");
		List<ResidentClient.Response> responses = List.of(resident.get("/procedures"),
				resident.get("/procedures/no-such"), resident.get("/css/portal.css"), resident.get("/"),
				resident.get(first), resident.post(first, form("_csrf", "bad")));
		for (ResidentClient.Response response : responses) {
			String csp = response.header("Content-Security-Policy");
			assertThat(csp).as("status " + response.status())
				.contains("script-src 'nonce-")
				.contains("object-src 'none'")
				.contains("base-uri 'none'")
				.contains("frame-ancestors 'none'")
				.doesNotContain("unsafe-inline");
			assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
			assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
		}
		assertThat(resident.get(first).header("Cache-Control")).contains("no-store");
		assertThat(resident.get("/procedures").header("Content-Security-Policy"))
			.isNotEqualTo(resident.get("/procedures").header("Content-Security-Policy"));
	}

	@Test
	void errorsShowAFriendlyPageWithAReferenceAndNoInternals() {
		ResidentClient resident = new ResidentClient(port());
		ResidentClient.Response notFound = resident.get("/procedures/no-such-procedure");
		assertThat(notFound.status()).isEqualTo(404);
		Document page = notFound.html();
		assertThat(page.select("h1").text()).isEqualTo("ページが見つかりません");
		assertThat(page.select("form[role=search]")).hasSize(1);
		assertThat(page.text()).contains("お問い合わせ番号").doesNotContain("Exception").doesNotContain("at jp.");
		assertThat(resident.get("/no/such/route").status()).isEqualTo(404);
		assertThat(resident.get("/applications/not-a-uuid/check").status()).isIn(400, 404);
		assertThat(resident.get("/actuator/env").status()).isEqualTo(404);
		assertThat(resident.get("/actuator/health/readiness").status()).as("health speaks JSON, not HTML")
			.isEqualTo(406);
	}

	@Test
	void anonymousBrowsingCreatesNoServerSessionsAndLoginStillWorks() throws Exception {
		InMemoryWebSessionStore store = (InMemoryWebSessionStore) ((DefaultWebSessionManager) this.sessions)
			.getSessionStore();
		int before = store.getSessions().size();
		// A bot that keeps no cookies, 16 requests in flight: every page view arrives as
		// a new anonymous visitor.
		String[] paths = { "/procedures", "/procedures/sodai-gomi", "/procedures?q=ごみ", "/procedures?lang=en",
				"/mypage" };
		WebClient client = WebClient.create("http://localhost:" + port());
		AtomicInteger ok = new AtomicInteger();
		Flux.range(0, 15_000)
			.flatMap(
					(i) -> client.get()
						.uri(paths[i % paths.length])
						.accept(MediaType.TEXT_HTML)
						.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
					16)
			.filter((status) -> status == 200 || status == 302)
			.doOnNext((status) -> ok.incrementAndGet())
			.blockLast(Duration.ofMinutes(3));
		assertThat(ok.get()).isGreaterThanOrEqualTo(15_000);
		assertThat(store.getSessions().size()).isEqualTo(before);

		logInAsResident(new ResidentClient(port()));
		assertThat(store.getSessions().size()).isEqualTo(before + 1);
	}

	@Test
	void aResidentLogsInThroughTheIdentityProviderAndSeesMyPage() {
		logInAsResident(new ResidentClient(port()));
	}

	private static void logInAsResident(ResidentClient resident) {
		ResidentClient.Response toLogin = resident.get("/mypage");
		assertThat(toLogin.location()).endsWith("/oauth2/authorization/resident");
		ResidentClient.Response toProvider = resident.get(toLogin.location());
		assertThat(toProvider.location()).contains("/resident/authorize").contains("code_challenge");
		ResidentClient.Response back = resident.get(toProvider.location());
		assertThat(back.location()).contains("/login/oauth2/code/resident");
		ResidentClient.Response loggedIn = resident.get(back.location());
		assertThat(loggedIn.location()).endsWith("/mypage");
		Document myPage = resident.get("/mypage").html();
		assertThat(myPage.select("h1").text()).isEqualTo("マイページ");
		assertThat(myPage.select("form[action=/logout]")).hasSize(1);
	}

	@Test
	void traceIsNotEchoed() throws Exception {
		var client = java.net.http.HttpClient.newHttpClient();
		var response = client.send(
				java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port() + "/procedures"))
					.method("TRACE", java.net.http.HttpRequest.BodyPublishers.noBody())
					.header("X-Secret", "canary")
					.build(),
				java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isIn(400, 403, 405);
		assertThat(response.body()).doesNotContain("canary");
	}

	private static String answersOf(String draftId) throws SQLException {
		return TestDatabase.get().rows("select answers::text from draft where id = '" + draftId + "'").get(0);
	}

}
