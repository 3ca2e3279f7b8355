package jp.tenohira.portal.web;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Set;
import java.util.TreeSet;
import java.util.Base64;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Headers on every response: a Content Security Policy with a fresh nonce (no inline
 * script runs without it, and the portal ships none), no framing, no sniffing, a strict
 * referrer policy, and no caching of personal pages.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeadersFilter implements WebFilter {

	static final String NONCE_ATTRIBUTE = "cspNonce";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String formAction;

	/**
	 * Forms may post to this portal only; a post that ends in a login redirect may
	 * continue to the identity providers' authorization endpoints (browsers apply
	 * {@code form-action} to redirects too).
	 */
	SecurityHeadersFilter(ObjectProvider<ReactiveClientRegistrationRepository> registrations) {
		Set<String> origins = new TreeSet<>();
		if (registrations.getIfAvailable() instanceof Iterable<?> all) {
			for (Object registration : all) {
				URI authorize = URI
					.create(((ClientRegistration) registration).getProviderDetails().getAuthorizationUri());
				origins.add(authorize.getScheme() + "://" + authorize.getRawAuthority());
			}
		}
		this.formAction = "form-action 'self'" + (origins.isEmpty() ? "" : " " + String.join(" ", origins));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		String nonce = Base64.getEncoder().encodeToString(bytes);
		exchange.getAttributes().put(NONCE_ATTRIBUTE, nonce);
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set("Content-Security-Policy",
				"default-src 'self'; script-src 'nonce-" + nonce + "' 'strict-dynamic'; style-src 'self'; "
						+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
						+ "base-uri 'none'; frame-ancestors 'none'; " + this.formAction);
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Referrer-Policy", "no-referrer");
		headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
		headers.set("Cross-Origin-Opener-Policy", "same-origin");
		String path = exchange.getRequest().getPath().value();
		if (path.startsWith("/applications/") || path.startsWith("/mypage")) {
			headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
		}
		return chain.filter(exchange);
	}

}
