package jp.tenohira.portal.ratelimit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over the limit a client gets 429 with Retry-After and a page in its language; a forged
 * X-Forwarded-For from an untrusted peer does not buy a new bucket; reading pages is
 * never limited.
 */
@PortalIntegrationTest
@TestPropertySource(
		properties = { "portal.rate-limit.submits-per-minute-under-test=true", "portal.rate-limit.submits-per-minute=3",
				"portal.rate-limit.saves-per-minute=5", "portal.rate-limit.logins-per-minute=2" })
class RateLimitIntegrationTests {

	@Autowired
	Environment environment;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	@Test
	void writesAreLimitedPerClientWhileReadingIsNot() throws Exception {
		ResidentClient resident = new ResidentClient(port());
		String first = resident.apply("sodai-gomi").replaceAll("#.*", "");
		resident.get(first);

		// Page saves: 5 a minute here; the answers saved before the limit stay saved.
		ResidentClient.Response saved = null;
		int saves = 0;
		while (saves < 8) {
			saved = resident.post(first, form("applicant-name.family", "保存" + saves, "_action", "back"));
			if (saved.status() == 429) {
				break;
			}
			saves++;
		}
		assertThat(saves).isEqualTo(5);
		assertThat(saved.status()).isEqualTo(429);
		assertThat(Integer.parseInt(saved.header("Retry-After"))).isBetween(1, 60);
		assertThat(saved.html().select("h1").text()).isEqualTo("少し時間をおいてください");
		assertThat(saved.header("Content-Security-Policy")).contains("object-src 'none'");
		assertThat(resident.get(first).html().getElementById("f-applicant-name-family").val()).isEqualTo("保存4");

		// Starting applications: 3 a minute here, and one was used above.
		int started = 1;
		ResidentClient.Response limited = null;
		while (started < 6) {
			limited = resident.post("/procedures/sodai-gomi/apply", form());
			if (limited.status() == 429) {
				break;
			}
			started++;
		}
		assertThat(started).isEqualTo(3);

		ResidentClient.Response encoded = resident.post("/procedures/sodai-gomi/appl%79", form());
		assertThat(encoded.status()).as("a percent-encoded path counts as the same action").isEqualTo(429);

		HttpResponse<String> spoofed = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/procedures/sodai-gomi/apply"))
				.header("X-Forwarded-For", "203.0.113.7")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(""))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(spoofed.statusCode()).as("a forged X-Forwarded-For buys no new bucket").isEqualTo(429);

		assertThat(new ResidentClient(port()).get("/procedures").status()).isEqualTo(200);
		assertThat(resident.get("/procedures/sodai-gomi").status()).isEqualTo(200);
	}

	@Test
	void loginStartsAreLimitedBecauseEachCreatesASession() throws Exception {
		ResidentClient resident = new ResidentClient(port());
		int status = 0;
		for (int i = 0; i < 4 && status != 429; i++) {
			status = resident.get("/oauth2/authorization/resident").status();
		}
		assertThat(status).isEqualTo(429);
		HttpResponse<Void> head = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/oauth2/authori%7Aation/resident"))
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());
		assertThat(head.statusCode()).as("HEAD and encoded paths count as login starts too").isEqualTo(429);
	}

}
