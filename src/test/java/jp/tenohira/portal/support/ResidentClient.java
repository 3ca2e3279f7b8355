package jp.tenohira.portal.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A resident's browser over real HTTP for integration tests: a cookie jar, no automatic
 * redirects, and the CSRF token taken from the last page's form, as a browser would
 * submit it.
 */
public final class ResidentClient {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final String base;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient http;

	private String lastCsrf;

	public ResidentClient(int port) {
		this.base = "http://localhost:" + port;
		this.http = newHttpClient();
	}

	private HttpClient newHttpClient() {
		return HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** What came back. */
	public record Response(int status, HttpHeaders headers, String body) {

		public Document html() {
			return Jsoup.parse(this.body);
		}

		public String location() {
			return this.headers.firstValue("Location")
				.orElseThrow(() -> new AssertionError("no redirect: " + this.status));
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").GET());
	}

	/**
	 * Posts a form with the CSRF token of the last page (unless the fields carry their
	 * own {@code _csrf}).
	 */
	public Response post(String path, Map<String, List<String>> fields) {
		Map<String, List<String>> all = withCsrf(fields);
		String body = all.entrySet()
			.stream()
			.flatMap((e) -> e.getValue()
				.stream()
				.map((v) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(v, StandardCharsets.UTF_8)))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * The status and headers of a GET whose body may never end (an event stream): the
	 * body is not read.
	 */
	public Response getHeadersOnly(String path) {
		try {
			HttpResponse<java.io.InputStream> response = this.http
				.sendAsync(HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").GET().build(),
						HttpResponse.BodyHandlers.ofInputStream())
				.get(15, java.util.concurrent.TimeUnit.SECONDS);
			response.body().close();
			return new Response(response.statusCode(), response.headers(), "");
		}
		catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends any method with a body of the given type (with the CSRF header when a token
	 * is known).
	 */
	public Response send(String method, String path, String body, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.method(method, HttpRequest.BodyPublishers.ofString(body));
		if (this.lastCsrf != null) {
			request.header("X-XSRF-TOKEN", this.lastCsrf);
		}
		return send(request);
	}

	/** Posts a multipart form with one file. */
	public Response postMultipart(String path, Map<String, List<String>> fields, String fileInput, String fileName,
			String contentType, byte[] content) {
		String boundary = "----tenohira" + UUID.randomUUID();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			for (Map.Entry<String, List<String>> e : withCsrf(fields).entrySet()) {
				for (String value : e.getValue()) {
					out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey()
							+ "\"\r\n\r\n" + value + "\r\n")
						.getBytes(StandardCharsets.UTF_8));
				}
			}
			if (fileInput != null) {
				out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileInput
						+ "\"; filename=\"" + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
					.getBytes(StandardCharsets.UTF_8));
				out.write(content);
				out.write("\r\n".getBytes(StandardCharsets.UTF_8));
			}
			out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
	}

	/** Starts an application from the procedure page; returns the first page's path. */
	public String apply(String procedureId) {
		Response page = get("/procedures/" + procedureId);
		if (page.status() != 200) {
			throw new AssertionError("procedure page " + procedureId + " answered " + page.status());
		}
		Response started = post("/procedures/" + procedureId + "/apply", Map.of());
		if (started.status() != 303) {
			throw new AssertionError("apply answered " + started.status());
		}
		return started.location();
	}

	/**
	 * Logs in as a browser would: starts at a page that needs login and follows the
	 * redirects through the identity provider and back. Returns the page the portal
	 * finally shows.
	 */
	/** A new browser logged in as this resident (through the shared OIDC provider). */
	public static ResidentClient resident(int port, String subject) {
		TestIdentityProvider.nextResident(subject);
		ResidentClient client = new ResidentClient(port);
		client.logIn("/mypage");
		return client;
	}

	/**
	 * A new browser logged in as this member of staff, landed on the staff start page.
	 */
	public static ResidentClient staff(int port, Personas.Staff staff) {
		TestIdentityProvider.nextStaff(staff.subject(), staff.name(), staff.roles(), staff.sections());
		ResidentClient client = new ResidentClient(port);
		client.logIn("/staff");
		return client;
	}

	public Response logIn(String startPath) {
		Response response = get(startPath);
		for (int hop = 0; hop < 8 && response.status() / 100 == 3; hop++) {
			response = get(response.location());
		}
		if (response.status() != 200) {
			throw new AssertionError("login ended with " + response.status());
		}
		return response;
	}

	/** A cookie this browser holds, or null. */
	public String cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((c) -> c.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	/**
	 * A new browser that holds only the named cookie of this one (a new session, the same
	 * applicant key).
	 */
	public ResidentClient withOnly(String cookieName, int port) {
		ResidentClient other = new ResidentClient(port);
		HttpCookie cookie = new HttpCookie(cookieName, cookie(cookieName));
		cookie.setPath("/");
		other.cookies.getCookieStore().add(URI.create(this.base), cookie);
		return other;
	}

	public String csrf() {
		return this.lastCsrf;
	}

	private Map<String, List<String>> withCsrf(Map<String, List<String>> fields) {
		Map<String, List<String>> all = new LinkedHashMap<>(fields);
		if (!all.containsKey("_csrf") && this.lastCsrf != null) {
			all.put("_csrf", List.of(this.lastCsrf));
		}
		all.values().removeIf((v) -> v == null);
		return all;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			return toResponse(this.http.send(request.timeout(Duration.ofSeconds(15)).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Response toResponse(HttpResponse<String> response) {
		String body = response.body();
		if (body != null) {
			Matcher token = CSRF_FIELD.matcher(body);
			if (token.find()) {
				this.lastCsrf = token.group(1);
			}
		}
		return new Response(response.statusCode(), response.headers(), body);
	}

	private URI uri(String path) {
		return URI.create(path.startsWith("http") ? path : this.base + path);
	}

	/** Form fields from alternating names and values. */
	public static Map<String, List<String>> form(String... namesAndValues) {
		Map<String, List<String>> form = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			form.computeIfAbsent(namesAndValues[i], (k) -> new ArrayList<>()).add(namesAndValues[i + 1]);
		}
		return form;
	}

}
