package jp.tenohira.portal.web;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
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

	private final long maxRequestBytes;

	PayloadTooLargeFilter(@Value("${portal.max-request-size:12MB}") DataSize maxRequestSize) {
		this.maxRequestBytes = maxRequestSize.toBytes();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long declared = exchange.getRequest().getHeaders().getContentLength();
		if (declared > this.maxRequestBytes) {
			return Mono.error(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "request too large"));
		}
		ServerHttpRequest bounded = new ServerHttpRequestDecorator(exchange.getRequest()) {

			@Override
			public Flux<DataBuffer> getBody() {
				AtomicLong seen = new AtomicLong();
				return super.getBody().doOnNext((buffer) -> {
					if (seen.addAndGet(buffer.readableByteCount()) > PayloadTooLargeFilter.this.maxRequestBytes) {
						DataBufferUtils.release(buffer);
						throw new DataBufferLimitException(
								"request body over " + PayloadTooLargeFilter.this.maxRequestBytes);
					}
				});
			}

		};
		return chain.filter(exchange.mutate().request(bounded).build())
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "upload too large", ex));
	}

}
