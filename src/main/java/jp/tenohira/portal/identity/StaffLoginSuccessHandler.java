package jp.tenohira.portal.identity;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.ServerRedirectStrategy;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;

/**
 * After login, back to where the person was going; otherwise residents land on マイページ and
 * staff on their inbox.
 */
class StaffLoginSuccessHandler implements ServerAuthenticationSuccessHandler {

	private final ServerRequestCache requestCache;

	private final String staffRegistrationId;

	private final ServerRedirectStrategy redirects = new DefaultServerRedirectStrategy();

	StaffLoginSuccessHandler(ServerRequestCache requestCache, String staffRegistrationId) {
		this.requestCache = requestCache;
		this.staffRegistrationId = staffRegistrationId;
	}

	@Override
	public Mono<Void> onAuthenticationSuccess(WebFilterExchange webFilterExchange, Authentication authentication) {
		boolean staff = authentication instanceof OAuth2AuthenticationToken token
				&& this.staffRegistrationId.equals(token.getAuthorizedClientRegistrationId());
		URI fallback = URI.create(staff ? "/staff" : "/mypage");
		return this.requestCache.getRedirectUri(webFilterExchange.getExchange())
			.filter((uri) -> staff == uri.getPath().startsWith("/staff"))
			.defaultIfEmpty(fallback)
			.flatMap((uri) -> this.redirects.sendRedirect(webFilterExchange.getExchange(), uri));
	}

}
