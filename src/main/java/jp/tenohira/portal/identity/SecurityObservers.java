package jp.tenohira.portal.identity;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;

/**
 * Hooks through which the audit trail hears about security decisions that never reach a
 * controller: a request refused for lack of rights, and every back-office API call
 * (including those refused for a missing or bad token). Implemented by the audit module,
 * so that identity does not depend on it.
 */
public final class SecurityObservers {

	/**
	 * Exchange attribute under which the API chain leaves the authenticated
	 * {@link ApiClient} for observers that wrap the chain.
	 */
	public static final String API_CLIENT_ATTRIBUTE = SecurityObservers.class.getName() + ".apiClient";

	private SecurityObservers() {
	}

	/** Told when an authenticated user is refused (403). */
	public interface AccessDenied {

		Mono<Void> denied(ServerWebExchange exchange, Authentication authentication);

	}

	/**
	 * Wraps every back-office API exchange; after the chain completes, the client (if
	 * any) is in the {@link #API_CLIENT_ATTRIBUTE} attribute and the response status is
	 * set.
	 */
	public interface ApiCall {

		Mono<Void> around(ServerWebExchange exchange, Mono<Void> chain);

	}

}
