package jp.tenohira.portal.backoffice;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A core system calling the back-office API over real HTTP with a bearer token.
 */
final class ApiHttp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String base;

	private final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	ApiHttp(int port) {
		this.base = "http://localhost:" + port;
	}

	/** What came back. */
	record Response(int status, HttpHeaders headers, byte[] body) {

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

	Response get(String path, String token) {
		return send(request(path, token).GET());
	}

	Response put(String path, String token, String contentType, String body) {
		return send(request(path, token).header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** A PUT whose body is sent without a Content-Length (chunked). */
	Response putChunked(String path, String token, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return send(request(path, token).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(bytes))));
	}

	Response putJson(String path, String token, Map<String, ?> body) {
		return put(path, token, "application/json", JSON.writeValueAsString(body));
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Response(response.statusCode(), response.headers(), response.body());
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
