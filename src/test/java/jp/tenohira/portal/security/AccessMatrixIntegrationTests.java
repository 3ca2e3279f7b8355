package jp.tenohira.portal.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestIdentityProvider;
import jp.tenohira.portal.support.TestSubmissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S1: every route × every kind of user, against the policy table in
 * {@code src/test/resources/security/access-policy.tsv}. The table must have a row for
 * every route the application maps, so a new route without a policy fails the build.
 * <p>
 * Outcomes: {@code ok} (the request got past authorization: 2xx, a redirect that is not
 * to a login, or a business error such as 409/422), {@code login} (sent to log in),
 * {@code 401}, {@code 403}, {@code 404}.
 */
@PortalIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIntegrationTests {

	private static final Path POLICY = Path.of("src/test/resources/security/access-policy.tsv");

	/** The kinds of user, in the table's column order. */
	enum Principal {

		ANONYMOUS, RESIDENT_A, RESIDENT_B, CLERK_X, CLERK_Y, APPROVER_X, AUDITOR, DX_EDITOR, DX_PUBLISHER, API_X, API_Y

	}

	/** One row of the table. */
	record Policy(String method, String pattern, String example, String body, Map<Principal, String> expected) {
	}

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private final Map<String, String> fixtures = new LinkedHashMap<>();

	private final Map<Principal, Caller> callers = new EnumMap<>(Principal.class);

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	static List<Policy> policies() throws IOException {
		List<Policy> policies = new ArrayList<>();
		for (String line : Files.readAllLines(POLICY, StandardCharsets.UTF_8)) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			String[] cells = line.split("\t+");
			assertThat(cells).as("columns in: " + line).hasSize(4 + Principal.values().length);
			Map<Principal, String> expected = new EnumMap<>(Principal.class);
			for (Principal principal : Principal.values()) {
				expected.put(principal, cells[4 + principal.ordinal()]);
			}
			policies.add(new Policy(cells[0], cells[1], cells[2], cells[3].equals("-") ? "" : cells[3], expected));
		}
		return policies;
	}

	@Test
	void everyMappedRouteHasExactlyOnePolicyRow() throws IOException {
		Set<String> routes = new TreeSet<>();
		this.mappings.getHandlerMethods().keySet().forEach((info) -> {
			Set<String> methods = new TreeSet<>();
			info.getMethodsCondition().getMethods().forEach((m) -> methods.add(m.name()));
			if (methods.isEmpty()) {
				methods.add("ANY");
			}
			info.getPatternsCondition()
				.getPatterns()
				.forEach((pattern) -> methods.forEach((m) -> routes.add(m + " " + pattern.getPatternString())));
		});
		List<String> rows = policies().stream()
			.filter((p) -> !p.pattern().startsWith("[filter]"))
			.map((p) -> p.method() + " " + p.pattern())
			.toList();
		assertThat(rows).as("one row per route").doesNotHaveDuplicates();
		assertThat(routes).as("routes without a policy row in " + POLICY).isSubsetOf(rows);
		assertThat(rows).as("policy rows for routes that no longer exist").isSubsetOf(routes);
	}

	@BeforeAll
	void fixtures() throws Exception {
		int port = port();
		ResidentClient residentA = ResidentClient.resident(port, "matrix-resident-a");
		TestSubmissions.Submitted a = TestSubmissions.submit(residentA, this.registry.find("sodai-gomi").orElseThrow(),
				Map.of());
		String openDraft = residentA.apply("sodai-gomi").replaceAll(".*/applications/", "").replaceAll("/.*", "");
		TestDatabase.get()
			.execute("insert into attachment (id, draft_id, field_id, file_name, media_type, size_bytes, sha256, "
					+ "content, created_at) values ('00000000-0000-0000-0000-00000000a771', '" + a.draftId()
					+ "', 'matrix-file', 'matrix.pdf', 'application/pdf', 4, 'x', '\\x25504446', now())");
		// a submission of resident A with an attachment, moved into section X
		TestSubmissions.Submitted withFile = TestSubmissions.submit(residentA,
				this.registry.find("shisei-teian").orElseThrow(), Map.of());
		TestDatabase.get()
			.execute("update submission set section_id = '" + Personas.SECTION_X + "' where id = '"
					+ withFile.submissionId() + "'");
		this.fixtures.put("{submissionFile}", withFile.submissionId());
		this.fixtures.put("{attachmentFile}",
				TestDatabase.get()
					.rows("select id::text from attachment where draft_id = '" + withFile.draftId() + "'")
					.get(0));
		this.fixtures.put("{receiptA}", a.receiptNumber());
		this.fixtures.put("{submissionA}", a.submissionId());
		this.fixtures.put("{draftA}", openDraft);
		this.fixtures.put("{submittedDraftA}", a.draftId());
		this.fixtures.put("{attachmentA}", "00000000-0000-0000-0000-00000000a771");
		this.fixtures.put("{sectionX}", Personas.SECTION_X);
		this.fixtures.put("{sectionY}", Personas.SECTION_Y);
		this.callers.put(Principal.ANONYMOUS, new WebCaller(new ResidentClient(port)));
		this.callers.put(Principal.RESIDENT_A, new WebCaller(residentA));
		this.callers.put(Principal.RESIDENT_B, new WebCaller(ResidentClient.resident(port, "matrix-resident-b")));
		this.callers.put(Principal.CLERK_X, new WebCaller(ResidentClient.staff(port, Personas.CLERK_X)));
		this.callers.put(Principal.CLERK_Y, new WebCaller(ResidentClient.staff(port, Personas.CLERK_Y)));
		this.callers.put(Principal.APPROVER_X, new WebCaller(ResidentClient.staff(port, Personas.APPROVER_X)));
		this.callers.put(Principal.AUDITOR, new WebCaller(ResidentClient.staff(port, Personas.AUDITOR)));
		this.callers.put(Principal.DX_EDITOR, new WebCaller(ResidentClient.staff(port, Personas.DX_EDITOR)));
		this.callers.put(Principal.DX_PUBLISHER, new WebCaller(ResidentClient.staff(port, Personas.DX_PUBLISHER)));
		this.callers.put(Principal.API_X, new ApiCaller(port, TestIdentityProvider.apiToken(Personas.API_CLIENT_X)));
		this.callers.put(Principal.API_Y, new ApiCaller(port, TestIdentityProvider.apiToken(Personas.API_CLIENT_Y)));
	}

	@Test
	void everyCellOfThePolicyTableHolds() throws IOException {
		List<String> mismatches = new ArrayList<>();
		int cells = 0;
		for (Policy policy : policies()) {
			String path = fill(policy.example());
			String body = fill(policy.body());
			for (Principal principal : Principal.values()) {
				String expected = policy.expected().get(principal);
				if (expected.equals("skip")) {
					continue;
				}
				String actual = this.callers.get(principal).call(policy.method(), path, body);
				cells++;
				if (!expected.equals(actual)) {
					mismatches.add(policy.method() + " " + path + " as " + principal + ": expected " + expected
							+ " but was " + actual);
				}
			}
		}
		assertThat(mismatches).as("cells checked: " + cells).isEmpty();
		assertThat(cells).isGreaterThan(100);
	}

	private String fill(String template) {
		String result = template;
		for (Map.Entry<String, String> fixture : this.fixtures.entrySet()) {
			result = result.replace(fixture.getKey(), fixture.getValue());
		}
		return result;
	}

	/** Sends a request as one principal and classifies the outcome. */
	interface Caller {

		String call(String method, String path, String body);

	}

	/** A browser: cookies, CSRF token from the last page. */
	static final class WebCaller implements Caller {

		private final ResidentClient client;

		WebCaller(ResidentClient client) {
			this.client = client;
		}

		@Override
		public String call(String method, String path, String body) {
			ResidentClient.Response response;
			if (method.equals("GET") && path.endsWith("/events")) {
				response = this.client.getHeadersOnly(path);
			}
			else if (method.equals("GET")) {
				response = this.client.get(path);
			}
			else {
				this.client.get("/procedures");
				Map<String, List<String>> form = new LinkedHashMap<>();
				for (String pair : body.split("&")) {
					if (!pair.isEmpty()) {
						String[] kv = pair.split("=", 2);
						form.computeIfAbsent(kv[0], (k) -> new ArrayList<>()).add((kv.length > 1) ? kv[1] : "");
					}
				}
				response = method.equals("POST") ? this.client.post(path, form)
						: this.client.send(method, path, body, "application/json");
			}
			return classify(response.status(), response.headers().firstValue("Location").orElse(null));
		}

	}

	/** A core system with a bearer token and no cookies. */
	static final class ApiCaller implements Caller {

		private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

		private final int port;

		private final String token;

		ApiCaller(int port, String token) {
			this.port = port;
			this.token = token;
		}

		@Override
		public String call(String method, String path, String body) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(15))
				.header("Authorization", "Bearer " + this.token)
				.header("Content-Type",
						method.equals("POST") ? "application/x-www-form-urlencoded" : "application/json")
				.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(body));
			try {
				HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				return classify(response.statusCode(), response.headers().firstValue("Location").orElse(null));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	static String classify(int status, String location) {
		if (status / 100 == 3 && location != null && (location.contains("/oauth2/authorization/")
				|| location.endsWith("/login") || location.contains("/login?"))) {
			return "login";
		}
		if (status == 401 || status == 403 || status == 404) {
			return String.valueOf(status);
		}
		if (status >= 500) {
			return "error" + status;
		}
		return "ok";
	}

}
