package jp.tenohira.portal.web;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A node in the resident-facing role ({@code portal.node-role=resident}, the internet
 * side of 三層の対策) serves residents only: the staff screens, the staff login and the
 * back-office API answer 404 there, before any security or session work, so they are
 * reachable only on staff-side nodes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class NodeRoleFilter implements WebFilter {

	private final boolean residentNode;

	private final String staffRegistration;

	NodeRoleFilter(@Value("${portal.node-role:all}") String role,
			@Value("${portal.security.staff-registration-id:staff}") String staffRegistration) {
		this.residentNode = "resident".equalsIgnoreCase(role.strip());
		this.staffRegistration = staffRegistration;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.residentNode && staffOnly(exchange.getRequest().getPath().pathWithinApplication().value())) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		return chain.filter(exchange);
	}

	private boolean staffOnly(String path) {
		return path.equals("/staff") || path.startsWith("/staff/") || path.equals("/api") || path.startsWith("/api/")
				|| path.equals("/oauth2/authorization/" + this.staffRegistration)
				|| path.equals("/login/oauth2/code/" + this.staffRegistration);
	}

}
