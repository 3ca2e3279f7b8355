package jp.tenohira.portal.backoffice;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Every error under {@code /api/} as {@code application/problem+json} (RFC 9457) with a
 * stable {@code code}, whatever raised it: this API's refusals, unknown routes, wrong
 * methods or media types, oversized bodies, an unavailable database. No stack traces,
 * exception messages or SQL ever leave; unexpected failures are logged with the request
 * id that the client can quote. Runs before Spring Boot's HTML error handling.
 */
@Component
@Order(-2)
class ApiProblemHandler implements WebExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiProblemHandler.class);

	static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.startsWith("/api/") || exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		HttpStatusCode status;
		String code;
		String detail;
		if (ex instanceof ApiProblem problem) {
			status = problem.getStatusCode();
			code = problem.code();
			detail = problem.detail();
		}
		else if (ex instanceof ResponseStatusException rse) {
			status = rse.getStatusCode();
			code = codeOf(status);
			detail = null;
		}
		else {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
			code = "internal-error";
			detail = "The request could not be completed. Quote the request id to the city's help desk.";
			logger.error("API request {} {} failed [{}]", exchange.getRequest().getMethod(), path,
					exchange.getRequest().getId(), ex);
		}
		if (ex instanceof ResponseStatusException rse) {
			// e.g. Allow on 405, Retry-After on 503
			rse.getHeaders().forEach((name, values) -> exchange.getResponse().getHeaders().put(name, values));
		}
		return write(exchange, status, code, detail);
	}

	static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String code, String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		HttpStatus known = HttpStatus.resolve(status.value());
		body.put("title", (known != null) ? known.getReasonPhrase() : "Error");
		body.put("status", status.value());
		body.put("code", code);
		if (detail != null) {
			body.put("detail", detail);
		}
		body.put("requestId", exchange.getRequest().getId());
		byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(PROBLEM_JSON);
		headers.setContentLength(bytes.length);
		headers.remove(HttpHeaders.CONTENT_DISPOSITION);
		headers.remove(HttpHeaders.ETAG);
		headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

	private static String codeOf(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		if (known == null) {
			return "error";
		}
		return switch (known) {
			case BAD_REQUEST -> "bad-request";
			case UNAUTHORIZED -> "unauthorized";
			case FORBIDDEN -> "forbidden";
			case NOT_FOUND -> "not-found";
			case METHOD_NOT_ALLOWED -> "method-not-allowed";
			case NOT_ACCEPTABLE -> "not-acceptable";
			case CONTENT_TOO_LARGE -> "content-too-large";
			case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
			case TOO_MANY_REQUESTS -> "too-many-requests";
			case SERVICE_UNAVAILABLE -> "unavailable";
			default -> (known.is5xxServerError()) ? "internal-error" : "error";
		};
	}

}
