package jp.tenohira.portal.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A body or part over the configured limits (wherever it is read: CSRF check, multipart
 * parsing, a controller) is the client's 413 with the friendly page, not a server error.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class PayloadTooLargeFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange)
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "upload too large", ex));
	}

}
