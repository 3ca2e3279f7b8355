package jp.tenohira.portal.web;

import java.util.concurrent.TimeoutException;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * When the database cannot be reached or a connection cannot be had in time, the resident
 * gets 503 with {@code Retry-After} and the "busy, your answers are saved" page, not a
 * generic server error. Answers saved before stay saved; nothing was half-written because
 * every write is one transaction.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class DatabaseUnavailableFilter implements WebFilter {

	static final String RETRY_AFTER_SECONDS = "5";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange).onErrorMap(DatabaseUnavailableFilter::isUnavailable, (ex) -> {
			if (!exchange.getResponse().isCommitted()) {
				exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			}
			return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "database unavailable", ex);
		});
	}

	static boolean isUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TransientDataAccessException || cause instanceof TimeoutException
					|| cause instanceof io.r2dbc.spi.R2dbcTransientResourceException
					|| cause.getClass().getName().equals("io.r2dbc.pool.PoolAcquireTimeoutException")
					|| (cause instanceof DataAccessResourceFailureException
							&& !(cause.getCause() instanceof io.r2dbc.spi.R2dbcException r2dbc
									&& r2dbc.getSqlState() != null && r2dbc.getSqlState().startsWith("P0")))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
