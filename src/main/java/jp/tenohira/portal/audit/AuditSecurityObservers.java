package jp.tenohira.portal.audit;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import jp.tenohira.portal.identity.ApiClient;
import jp.tenohira.portal.identity.SecurityObservers;
import jp.tenohira.portal.identity.StaffMember;

/**
 * Records what the security chains decide before any controller runs: staff refused a
 * page, and every back-office API call with its outcome (including calls with no or a bad
 * token).
 */
@Component
class AuditSecurityObservers implements SecurityObservers.AccessDenied, SecurityObservers.ApiCall {

	private final AuditLog audit;

	AuditSecurityObservers(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	public Mono<Void> denied(ServerWebExchange exchange, Authentication authentication) {
		StaffMember staff = StaffMember.of(authentication);
		String path = exchange.getRequest().getPath().value();
		AuditEntry entry = (staff != null)
				? AuditEntry.staff(staff, AuditAction.ACCESS_DENIED, "route", routeOf(exchange), null)
				: new AuditEntry("RESIDENT", null, (authentication != null) ? authentication.getName() : null, null,
						AuditAction.ACCESS_DENIED, "route", routeOf(exchange), null, null, AuditEntry.Outcome.DENIED,
						Map.of());
		return this.audit.record(entry.withOutcome(AuditEntry.Outcome.DENIED)
			.withDetail(Map.of("method", exchange.getRequest().getMethod().name(), "path", path)));
	}

	@Override
	public Mono<Void> around(ServerWebExchange exchange, Mono<Void> chain) {
		return chain.then(Mono.defer(() -> record(exchange, null)))
			.onErrorResume((ex) -> record(exchange, ex).then(Mono.error(ex)));
	}

	private Mono<Void> record(ServerWebExchange exchange, Throwable error) {
		ApiClient client = exchange.getAttribute(SecurityObservers.API_CLIENT_ATTRIBUTE);
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		int code = (error instanceof org.springframework.web.server.ResponseStatusException rse)
				? rse.getStatusCode().value() : (error != null) ? 500 : (status != null) ? status.value() : 200;
		AuditEntry.Outcome outcome = (code == 401 || code == 403 || code == 404) ? AuditEntry.Outcome.DENIED
				: (code >= 400) ? AuditEntry.Outcome.FAILED : AuditEntry.Outcome.SUCCESS;
		String target = routeOf(exchange);
		AuditEntry entry = (client != null)
				? AuditEntry.api(client.clientId(), AuditAction.API_CALL, "route", target, null)
				: new AuditEntry("ANONYMOUS", null, null, null, AuditAction.API_CALL, "route", target, null, null,
						AuditEntry.Outcome.SUCCESS, Map.of());
		return this.audit.record(entry.withOutcome(outcome)
			.withDetail(Map.of("method", exchange.getRequest().getMethod().name(), "path",
					exchange.getRequest().getPath().value(), "status", code)));
	}

	/** The path without its query (queries may hold filter values). */
	private static String routeOf(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().value();
		return (path.length() > 300) ? path.substring(0, 300) : path;
	}

}
