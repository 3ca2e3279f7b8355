package jp.tenohira.portal.backoffice;

import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives the security chain's bodiless refusals under {@code /api/} (401 for a missing or
 * invalid token, 403) the same problem-details body as every other API error. Headers
 * such as {@code WWW-Authenticate} stay as the chain set them. Runs just outside Spring
 * Security's filter chain.
 */
@Component
@Order(-101)
class ApiRefusalBodies implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/")) {
			return chain.filter(exchange);
		}
		ServerHttpResponse original = exchange.getResponse();
		ServerWebExchange[] decorated = new ServerWebExchange[1];
		ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(original) {

			@Override
			public Mono<Void> setComplete() {
				HttpStatusCode status = getStatusCode();
				if (!isCommitted() && status != null && (status.value() == HttpStatus.UNAUTHORIZED.value()
						|| status.value() == HttpStatus.FORBIDDEN.value())) {
					return ApiProblemHandler.write(decorated[0], status,
							(status.value() == HttpStatus.UNAUTHORIZED.value()) ? "unauthorized" : "forbidden",
							(status.value() == HttpStatus.UNAUTHORIZED.value())
									? "A valid bearer token of a registered client is needed." : null);
				}
				return super.setComplete();
			}

		};
		decorated[0] = exchange.mutate().response(response).build();
		return chain.filter(decorated[0]);
	}

}
