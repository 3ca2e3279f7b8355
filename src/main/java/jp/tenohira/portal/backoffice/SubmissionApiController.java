package jp.tenohira.portal.backoffice;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.server.ServerWebExchange;

import jp.tenohira.portal.identity.ApiClient;

/**
 * The back-office API for core systems (machine to machine). The {@code /api/**} security
 * chain has already verified the bearer token and turned it into an {@link ApiClient}
 * with the sections the city granted it; every call is audited there as well.
 */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("hasRole('API_CLIENT')")
class SubmissionApiController {

	/** The largest status update body accepted. */
	static final int MAX_BODY_BYTES = 16 * 1024;

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final BackofficeApi api;

	SubmissionApiController(BackofficeApi api) {
		this.api = api;
	}

	@GetMapping("/sections/{sectionId}/submissions")
	Mono<ApiRecords.ChangesPage> changes(@PathVariable String sectionId,
			@RequestParam(name = "after", required = false) String after,
			@RequestParam(name = "limit", required = false) String limit, ServerWebExchange exchange) {
		return client(exchange).flatMap((client) -> this.api.changes(client, sectionId, after, limit));
	}

	@GetMapping("/submissions/{id}")
	Mono<ApiRecords.SubmissionDocument> submission(@PathVariable String id, ServerWebExchange exchange) {
		return client(exchange).flatMap((client) -> this.api.submission(client, uuid(id)));
	}

	@GetMapping("/submissions/{id}/attachments/{attachmentId}")
	Mono<ResponseEntity<byte[]>> attachment(@PathVariable String id, @PathVariable String attachmentId,
			ServerWebExchange exchange) {
		return client(exchange).flatMap((client) -> this.api.attachment(client, uuid(id), uuid(attachmentId)))
			.map((file) -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.contentLength(file.content().length)
				.header(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(file.attachment().fileName()))
				.header("X-Content-Type-Options", "nosniff")
				.header(HttpHeaders.CACHE_CONTROL, "no-store")
				.eTag("\"" + file.attachment().sha256() + "\"")
				.body(file.content()));
	}

	@PutMapping("/submissions/{id}/status")
	Mono<ApiRecords.StatusResult> setStatus(@PathVariable String id, ServerWebExchange exchange) {
		return client(exchange)
			.flatMap((client) -> body(exchange).flatMap((update) -> this.api.setStatus(client, uuid(id), update)));
	}

	private static Mono<ApiClient> client(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.filter(ApiClient.class::isInstance)
			.cast(ApiClient.class)
			.switchIfEmpty(Mono.error(() -> new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized",
					"A bearer token of a registered client is needed.")));
	}

	/**
	 * The status update, keeping at most {@link #MAX_BODY_BYTES}; unknown members are
	 * ignored. A declared larger body is refused unread; a chunked one is read to its end
	 * (the portal's overall request limit bounds it) but not kept, because abandoning a
	 * request body half-read upsets the connection's buffer accounting.
	 */
	private static Mono<ApiRecords.StatusUpdate> body(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		MediaType type = headers.getContentType();
		if (type == null
				|| !(MediaType.APPLICATION_JSON.isCompatibleWith(type) || "json".equals(type.getSubtypeSuffix()))) {
			return Mono.error(new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
					"Send the update as application/json."));
		}
		if (headers.getContentLength() > MAX_BODY_BYTES) {
			return Mono.error(tooLarge());
		}
		return exchange.getRequest().getBody().collect(BoundedBody::new, BoundedBody::add).map((body) -> {
			if (body.overflow) {
				throw tooLarge();
			}
			if (body.bytes.size() == 0) {
				throw ApiProblem.badRequest("invalid-json", "The body is empty.");
			}
			try {
				ApiRecords.StatusUpdate update = JSON.readValue(body.bytes.toByteArray(),
						ApiRecords.StatusUpdate.class);
				if (update == null) {
					throw ApiProblem.badRequest("invalid-json", "The body must be a JSON object.");
				}
				return update;
			}
			catch (JacksonException ex) {
				throw ApiProblem.badRequest("invalid-json", "The body is not the JSON object described.");
			}
		});
	}

	private static ApiProblem tooLarge() {
		return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "content-too-large",
				"The body may be at most " + MAX_BODY_BYTES + " bytes.");
	}

	/** The first {@link #MAX_BODY_BYTES} of a body, and whether there was more. */
	private static final class BoundedBody {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private boolean overflow;

		void add(DataBuffer buffer) {
			try {
				int size = buffer.readableByteCount();
				if (this.overflow || this.bytes.size() + size > MAX_BODY_BYTES) {
					this.overflow = true;
					return;
				}
				byte[] chunk = new byte[size];
				buffer.read(chunk);
				this.bytes.writeBytes(chunk);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}

	}

	/** A malformed id names nothing: 404, like an id of another section's submission. */
	private static UUID uuid(String value) {
		try {
			if (value.length() == 36) {
				return UUID.fromString(value);
			}
		}
		catch (IllegalArgumentException ex) {
			// answered below
		}
		throw ApiProblem.notFound();
	}

	/**
	 * {@code attachment} with an ASCII stand-in name for old clients and the real
	 * (already sanitised) name as RFC 5987 {@code filename*}.
	 */
	static String contentDisposition(String fileName) {
		String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
		int dot = fileName.lastIndexOf('.');
		if (ascii.replace("_", "").replace(".", "").isEmpty()) {
			ascii = "attachment" + ((dot >= 0) ? fileName.substring(dot).replaceAll("[^A-Za-z0-9.]", "") : "");
		}
		String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
		return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
	}

}
