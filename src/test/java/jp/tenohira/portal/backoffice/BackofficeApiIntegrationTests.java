package jp.tenohira.portal.backoffice;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.submission.FormWalker;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestIdentityProvider;
import jp.tenohira.portal.support.TestSubmissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The back-office API over real HTTP with client-credentials tokens from a real OAuth2
 * server: who may call what, the change feed without gaps or duplicates while submissions
 * are written concurrently, a submission with its attachment, and idempotent status
 * updates.
 */
@PortalIntegrationTest
class BackofficeApiIntegrationTests {

	private static final String FEED_X = "/api/v1/sections/" + Personas.SECTION_X + "/submissions";

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	ApiHttp api() {
		return new ApiHttp(Integer.parseInt(this.environment.getProperty("local.server.port")));
	}

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	@Test
	void onlyClientsWithAValidTokenReachTheirOwnSections() throws SQLException {
		ApiHttp api = api();
		UUID inX = ApiSubmissions.insert(Personas.SECTION_X);
		String tokenX = TestIdentityProvider.apiToken(Personas.API_CLIENT_X);
		String tokenY = TestIdentityProvider.apiToken(Personas.API_CLIENT_Y);
		String unknown = TestIdentityProvider.apiToken("core-unknown");

		ApiHttp.Response none = api.get(FEED_X, null);
		assertProblem(none, 401, "unauthorized");
		assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
		assertProblem(api.get(FEED_X, "not-a-jwt"), 401, "unauthorized");
		assertProblem(api.putJson("/api/v1/submissions/" + inX + "/status", null, Map.of("status", "IN_REVIEW")), 401,
				"unauthorized");
		String tampered = tokenX.substring(0, tokenX.length() - 4) + (tokenX.endsWith("AAAA") ? "BBBB" : "AAAA");
		assertProblem(api.get(FEED_X, tampered), 401, "unauthorized");
		// signed by another issuer of the same server, and expired
		String residentToken = TestIdentityProvider.shared()
			.issueToken(TestIdentityProvider.ISSUER_ID, Personas.API_CLIENT_X, TestIdentityProvider.API_AUDIENCE,
					Map.of("client_id", Personas.API_CLIENT_X))
			.serialize();
		String expired = TestIdentityProvider.shared()
			.issueToken(TestIdentityProvider.API_ISSUER_ID, Personas.API_CLIENT_X,
					new DefaultOAuth2TokenCallback(TestIdentityProvider.API_ISSUER_ID, Personas.API_CLIENT_X, "JWT",
							List.of(TestIdentityProvider.API_AUDIENCE), Map.of("client_id", Personas.API_CLIENT_X),
							-300))
			.serialize();
		assertProblem(api.get(FEED_X, expired), 401, "unauthorized");
		assertProblem(api.get(FEED_X, residentToken), 401, "unauthorized");
		// valid, but naming no client (neither client_id, azp nor sub)
		assertProblem(api.get(FEED_X, TestIdentityProvider.apiTokenAsConfigured("nameless-robot")), 401,
				"unauthorized");

		assertThat(api.get(FEED_X, tokenX).status()).isEqualTo(200);
		assertProblem(api.get(FEED_X, tokenY), 404, "not-found");
		assertProblem(api.get(FEED_X, unknown), 404, "not-found");
		assertProblem(api.get("/api/v1/sections/no-such-section/submissions", tokenX), 404, "not-found");
		assertProblem(api.get("/api/v1/submissions/" + inX, tokenY), 404, "not-found");
		assertProblem(api.get("/api/v1/submissions/" + inX, unknown), 404, "not-found");
		assertProblem(api.putJson("/api/v1/submissions/" + inX + "/status", tokenY, Map.of("status", "IN_REVIEW")), 404,
				"not-found");
		assertThat(api.get("/api/v1/submissions/" + inX, tokenX).status()).isEqualTo(200);
		assertThat(statusOf(inX)).isEqualTo("RECEIVED");

		assertProblem(api.get("/api/v1/submissions/not-a-uuid", tokenX), 404, "not-found");
		assertProblem(api.get("/api/v1/nothing-here", tokenX), 404, "not-found");
		assertProblem(api.put(FEED_X, tokenX, "application/json", "{}"), 405, "method-not-allowed");
		assertProblem(api.get(FEED_X + "?after=***", tokenX), 400, "invalid-cursor");
		assertProblem(
				api.get(FEED_X + "?after=" + java.util.Base64.getUrlEncoder().encodeToString("1:x".getBytes()), tokenX),
				400, "invalid-cursor");
		assertProblem(api.get(FEED_X + "?limit=0", tokenX), 400, "invalid-limit");
		assertProblem(api.get(FEED_X + "?limit=501", tokenX), 400, "invalid-limit");
		assertProblem(api.get(FEED_X + "?limit=ten", tokenX), 400, "invalid-limit");
		assertThat(api.get(FEED_X + "?limit=500", tokenX).status()).isEqualTo(200);

		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where action = 'API_CALL' and actor_subject = 'core-unknown' "
					+ "and outcome = 'DENIED'"))
			.isGreaterThanOrEqualTo(2);
	}

	@Test
	void aSubmissionComesWithItsAnswersAndAttachmentsAndTheFileDownloads() throws Exception {
		ResidentClient resident = new ResidentClient(port());
		TestSubmissions.Submitted submitted = TestSubmissions.submit(resident,
				this.registry.find("shisei-teian").orElseThrow(), Map.of());
		// 市政提案 arrives at 広聴広報課; the test's core system serves 環境政策課, so the case is
		// transferred there (as staff would).
		TestDatabase.get()
			.execute("update submission set section_id = '" + Personas.SECTION_X + "' where id = '"
					+ submitted.submissionId() + "'");
		ApiHttp api = api();
		String token = TestIdentityProvider.apiToken(Personas.API_CLIENT_X);

		ApiHttp.Response response = api.get("/api/v1/submissions/" + submitted.submissionId(), token);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		JsonNode submission = response.json();
		assertThat(submission.get("id").asString()).isEqualTo(submitted.submissionId());
		assertThat(submission.get("receiptNumber").asString()).isEqualTo(submitted.receiptNumber());
		assertThat(submission.get("procedureId").asString()).isEqualTo("shisei-teian");
		assertThat(submission.get("sectionId").asString()).isEqualTo(Personas.SECTION_X);
		assertThat(submission.get("status").asString()).isEqualTo("RECEIVED");
		assertThat(submission.get("revision").asInt()).isEqualTo(1);
		assertThat(submission.get("submittedAt").asString()).endsWith("Z");
		assertThat(submission.get("self").asString()).isEqualTo("/api/v1/submissions/" + submitted.submissionId());
		assertThat(submission.get("answers").isObject()).isTrue();
		assertThat(submission.get("attachments")).hasSize(1);
		JsonNode attachment = submission.get("attachments").get(0);
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(FormWalker.PDF));
		assertThat(attachment.get("fileName").asString()).isEqualTo("申請書.pdf");
		assertThat(attachment.get("mediaType").asString()).isEqualTo("application/pdf");
		assertThat(attachment.get("sizeBytes").asLong()).isEqualTo(FormWalker.PDF.length);
		assertThat(attachment.get("sha256").asString()).isEqualTo(sha256);
		String fieldId = attachment.get("fieldId").asString();
		assertThat(submission.get("answers").get(fieldId).get(0).asString()).isEqualTo(attachment.get("id").asString());

		ApiHttp.Response file = api.get(attachment.get("href").asString(), token);
		assertThat(file.status()).isEqualTo(200);
		assertThat(file.body()).isEqualTo(FormWalker.PDF);
		assertThat(file.header("Content-Type")).isEqualTo("application/octet-stream");
		assertThat(file.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(file.header("ETag")).isEqualTo("\"" + sha256 + "\"");
		assertThat(file.header("Content-Disposition")).startsWith("attachment; filename=\"")
			.contains("filename*=UTF-8''%E7%94%B3%E8%AB%8B%E6%9B%B8.pdf");

		String tokenY = TestIdentityProvider.apiToken(Personas.API_CLIENT_Y);
		assertProblem(api.get(attachment.get("href").asString(), tokenY), 404, "not-found");
		assertProblem(
				api.get("/api/v1/submissions/" + submitted.submissionId() + "/attachments/" + UUID.randomUUID(), token),
				404, "not-found");

		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where actor_kind = 'API' and actor_subject = '"
					+ Personas.API_CLIENT_X + "' and action = 'SUBMISSION_VIEW' and target_id = '"
					+ submitted.submissionId() + "' and section_id = '" + Personas.SECTION_X + "'"))
			.isEqualTo(1);
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where action = 'ATTACHMENT_DOWNLOAD' and target_id = '"
					+ attachment.get("id").asString() + "' and actor_subject = '" + Personas.API_CLIENT_X + "'"))
			.isEqualTo(1);
	}

	@Test
	void theSameStatusTwiceOrTenTimesAtOnceChangesItOnce() throws Exception {
		ApiHttp api = api();
		String token = TestIdentityProvider.apiToken(Personas.API_CLIENT_X);
		UUID id = ApiSubmissions.insert(Personas.SECTION_X);
		String status = "/api/v1/submissions/" + id + "/status";

		ApiHttp.Response first = api.putJson(status, token, Map.of("status", "IN_REVIEW"));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().get("status").asString()).isEqualTo("IN_REVIEW");
		assertThat(first.json().get("changed").asBoolean()).isTrue();
		ApiHttp.Response again = api.putJson(status, token, Map.of("status", "IN_REVIEW"));
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().get("changed").asBoolean()).isFalse();
		assertThat(events(id, "IN_REVIEW")).isEqualTo(1);

		ExecutorService pool = Executors.newFixedThreadPool(10);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<ApiHttp.Response>> calls = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				calls.add(pool.submit(() -> {
					start.await();
					return api.put(status, token, "application/json", "{\"status\":\"APPROVED\"}");
				}));
			}
			start.countDown();
			int changed = 0;
			for (Future<ApiHttp.Response> call : calls) {
				ApiHttp.Response response = call.get(30, TimeUnit.SECONDS);
				assertThat(response.status()).as(response.text()).isEqualTo(200);
				assertThat(response.json().get("status").asString()).isEqualTo("APPROVED");
				changed += response.json().get("changed").asBoolean() ? 1 : 0;
			}
			assertThat(changed).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(events(id, "APPROVED")).isEqualTo(1);
		assertThat(
				TestDatabase.get()
					.count("select count(*) from submission_event where submission_id = '" + id
							+ "' and actor_kind = 'API' " + "and actor_subject = '" + Personas.API_CLIENT_X + "'"))
			.isEqualTo(2);
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where action = 'STATUS_CHANGE' and target_id = '" + id + "'"))
			.isEqualTo(2);

		ApiHttp.Response completed = api.putJson(status, token, Map.of("status", "COMPLETED", "ignored", "yes"));
		assertThat(completed.status()).isEqualTo(200);
		assertThat(statusOf(id)).isEqualTo("COMPLETED");
	}

	@Test
	void statusUpdatesThatCannotBeMadeAreExplained() throws SQLException {
		ApiHttp api = api();
		String token = TestIdentityProvider.apiToken(Personas.API_CLIENT_X);
		UUID id = ApiSubmissions.insert(Personas.SECTION_X);
		String status = "/api/v1/submissions/" + id + "/status";

		assertProblem(api.putJson(status, token, Map.of("status", "COMPLETED")), 409, "transition-not-allowed");
		assertProblem(api.putJson(status, token, Map.of("status", "REJECTED")), 400, "reason-required");
		assertProblem(api.putJson(status, token, Map.of("status", "REJECTED", "reason", "  ")), 400, "reason-required");
		assertProblem(api.putJson(status, token, Map.of("status", "WITHDRAWN")), 400, "invalid-status");
		assertProblem(api.putJson(status, token, Map.of("status", "RECEIVED")), 400, "invalid-status");
		assertProblem(api.putJson(status, token, Map.of("reason", "x")), 400, "status-required");
		assertProblem(api.put(status, token, "application/json", "{\"status\":"), 400, "invalid-json");
		assertProblem(api.put(status, token, "application/json", "[\"IN_REVIEW\"]"), 400, "invalid-json");
		assertProblem(api.put(status, token, "application/json", ""), 400, "invalid-json");
		assertProblem(api.put(status, token, "text/plain", "IN_REVIEW"), 415, "unsupported-media-type");
		assertProblem(
				api.put(status, token, "application/json",
						"{\"status\":\"IN_REVIEW\",\"reason\":\"" + "x".repeat(20_000) + "\"}"),
				413, "content-too-large");
		assertProblem(
				api.putChunked(status, token, "{\"status\":\"IN_REVIEW\",\"reason\":\"" + "x".repeat(20_000) + "\"}"),
				413, "content-too-large");
		assertThat(api.get("/api/v1/submissions/" + id, token).status()).as("the connection still works")
			.isEqualTo(200);
		assertProblem(api.putJson("/api/v1/submissions/" + UUID.randomUUID() + "/status", token,
				Map.of("status", "IN_REVIEW")), 404, "not-found");
		assertThat(statusOf(id)).isEqualTo("RECEIVED");
		assertThat(TestDatabase.get().count("select count(*) from submission_event where submission_id = '" + id + "'"))
			.isZero();

		ApiHttp.Response rejected = api.put(status, token, "application/json",
				"{\"status\":\"REJECTED\",\"reason\":\"対象外です\",\"sectionId\":\"" + Personas.SECTION_Y
						+ "\",\"changed\":false}");
		assertThat(rejected.status()).isEqualTo(200);
		assertThat(rejected.json().get("changed").asBoolean()).isTrue();
		assertThat(TestDatabase.get()
			.rows("select section_id || ' ' || status || ' ' || decision_reason from submission where id = '" + id
					+ "'"))
			.containsExactly(Personas.SECTION_X + " REJECTED 対象外です");
		ApiHttp.Response detail = api.get("/api/v1/submissions/" + id, token);
		assertThat(detail.json().get("decisionReason").asString()).isEqualTo("対象外です");
	}

	/**
	 * T1 writes a submission and stays open; T2 writes one after it and commits. While T1
	 * is open the feed must not hand out T2's row, or a cursor past it would skip T1's
	 * row once T1 commits. After T1 commits both arrive, each once.
	 */
	@Test
	void aTransactionThatCommitsLateIsNotSkipped() throws Exception {
		ApiHttp api = api();
		String token = TestIdentityProvider.apiToken(Personas.API_CLIENT_X);
		Feed feed = new Feed(api, token, 100);
		feed.drain();
		UUID first;
		UUID second;
		try (Connection t1 = TestDatabase.get().connect()) {
			t1.setAutoCommit(false);
			first = ApiSubmissions.insert(t1, Personas.SECTION_X);
			try (Connection t2 = TestDatabase.get().connect()) {
				second = ApiSubmissions.insert(t2, Personas.SECTION_X);
			}
			assertThat(TestDatabase.get().count("select count(*) from submission where id = '" + second + "'")).isOne();
			feed.drain();
			assertThat(feed.seen).doesNotContainKeys(first, second);
			t1.commit();
		}
		feed.until(Set.of(first, second), Duration.ofSeconds(60));
		assertThat(feed.seen.get(first)).hasValue(1);
		assertThat(feed.seen.get(second)).hasValue(1);
		feed.drain();
		assertThat(feed.seen.get(first)).hasValue(1);
		assertThat(feed.seen.get(second)).hasValue(1);
	}

	/**
	 * Four writers insert 250 submissions each, every one in its own transaction that
	 * waits a little before committing, while a reader follows the feed: every submission
	 * is seen exactly once.
	 */
	@Test
	void theFeedHasNoGapsOrDuplicatesUnderConcurrentInserts() throws Exception {
		ApiHttp api = api();
		String token = TestIdentityProvider.apiToken(Personas.API_CLIENT_X);
		Feed feed = new Feed(api, token, 37);
		feed.drain();
		Set<UUID> written = ConcurrentHashMap.newKeySet();
		ExecutorService writers = Executors.newFixedThreadPool(4);
		AtomicInteger failures = new AtomicInteger();
		long started = System.nanoTime();
		List<Future<?>> done = new ArrayList<>();
		for (int w = 0; w < 4; w++) {
			done.add(writers.submit((Callable<Void>) () -> {
				try (Connection connection = TestDatabase.get().connect()) {
					connection.setAutoCommit(false);
					for (int i = 0; i < 250; i++) {
						UUID id = ApiSubmissions.insert(connection, Personas.SECTION_X);
						Thread.sleep(ThreadLocalRandom.current().nextInt(0, 20));
						connection.commit();
						written.add(id);
					}
				}
				catch (Exception ex) {
					failures.incrementAndGet();
					throw ex;
				}
				return null;
			}));
		}
		writers.shutdown();
		int pages = 0;
		while (!writers.isTerminated()) {
			feed.page();
			pages++;
		}
		for (Future<?> writer : done) {
			writer.get();
		}
		assertThat(failures).hasValue(0);
		assertThat(written).hasSize(1000);
		feed.until(written, Duration.ofSeconds(90));
		long millis = (System.nanoTime() - started) / 1_000_000;
		for (UUID id : written) {
			assertThat(feed.seen.get(id)).as("times %s was listed", id).hasValue(1);
		}
		System.out.printf("Change feed: 1000 submissions by 4 writers seen exactly once in %d ms (%d pages while "
				+ "writing, %d in all)%n", millis, pages, feed.pages);
	}

	/**
	 * A reader following a section's feed, counting how often each submission is listed.
	 */
	static final class Feed {

		final Map<UUID, AtomicInteger> seen = new ConcurrentHashMap<>();

		private final ApiHttp api;

		private final String token;

		private final int limit;

		private String cursor;

		int pages;

		Feed(ApiHttp api, String token, int limit) {
			this.api = api;
			this.token = token;
			this.limit = limit;
		}

		/** Reads one page; true when more are ready. */
		boolean page() {
			ApiHttp.Response response = this.api.get(
					FEED_X + "?limit=" + this.limit + ((this.cursor != null) ? "&after=" + this.cursor : ""),
					this.token);
			assertThat(response.status()).as(response.text()).isEqualTo(200);
			JsonNode page = response.json();
			for (JsonNode item : page.get("items")) {
				this.seen.computeIfAbsent(UUID.fromString(item.get("id").asString()), (k) -> new AtomicInteger())
					.incrementAndGet();
			}
			assertThat(page.get("nextCursor").asString()).isNotEmpty();
			this.cursor = page.get("nextCursor").asString();
			this.pages++;
			return page.get("hasMore").asBoolean();
		}

		/** Reads until nothing more is ready now. */
		void drain() {
			while (page()) {
				// next page
			}
		}

		/**
		 * Follows the feed until all these were seen (a long transaction elsewhere on the
		 * server can hold new rows back for a while, never skip them).
		 */
		void until(Set<UUID> expected, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!this.seen.keySet().containsAll(expected)) {
				if (System.nanoTime() > deadline) {
					long missing = expected.stream().filter((id) -> !this.seen.containsKey(id)).count();
					throw new AssertionError(missing + " of " + expected.size() + " submissions were never listed");
				}
				if (!page()) {
					Thread.sleep(50);
				}
			}
		}

	}

	private static long events(UUID id, String to) throws SQLException {
		return TestDatabase.get()
			.count("select count(*) from submission_event where submission_id = '" + id + "' and to_status = '" + to
					+ "'");
	}

	private static String statusOf(UUID id) throws SQLException {
		return TestDatabase.get().rows("select status from submission where id = '" + id + "'").get(0);
	}

	static void assertProblem(ApiHttp.Response response, int status, String code) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("title").asString()).isNotEmpty();
		assertThat(response.text()).doesNotContain("Exception", "at jp.", "select ", "org.springframework");
	}

}
