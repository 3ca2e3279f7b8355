package jp.tenohira.portal.web;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import jp.tenohira.portal.mynumber.NodeRole;

/**
 * A node in the resident-facing role ({@link NodeRole#RESIDENT}, the internet side of
 * 三層の対策) serves residents only: the staff screens, the staff login and the back-office
 * API answer 404 there, before any security or session work, so they are reachable only
 * on staff-side nodes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class NodeRoleFilter implements WebFilter {

	private final boolean residentNode;

	private final List<PathPattern> staffOnly;

	NodeRoleFilter(NodeRole role, @Value("${portal.security.staff-registration-id:staff}") String staffRegistration) {
		this.residentNode = role == NodeRole.RESIDENT;
		// matched as Spring routes and security rules are: on the decoded path, so
		// /%73taff is /staff here too
		PathPatternParser parser = PathPatternParser.defaultInstance;
		this.staffOnly = List.of(parser.parse("/staff/**"), parser.parse("/api/**"),
				parser.parse("/oauth2/authorization/" + staffRegistration),
				parser.parse("/login/oauth2/code/" + staffRegistration));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		if (this.residentNode && this.staffOnly.stream().anyMatch((pattern) -> pattern.matches(path))) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		return chain.filter(exchange);
	}

}
