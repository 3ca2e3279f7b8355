package jp.tenohira.portal.identity;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.ServerRedirectStrategy;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;

import jp.tenohira.portal.jpki.CardProblem;

/**
 * A failed login lands on an explanation: the provider's error (for example a locked PIN
 * reported by the デジタル認証アプリ) becomes one of a fixed set of codes; nothing else from the
 * error travels.
 */
class LoginFailureHandler implements ServerAuthenticationFailureHandler {

	private final ServerRedirectStrategy redirects = new DefaultServerRedirectStrategy();

	private final String cardCallbackPath;

	LoginFailureHandler(String cardRegistrationId) {
		this.cardCallbackPath = "/login/oauth2/code/" + cardRegistrationId;
	}

	@Override
	public Mono<Void> onAuthenticationFailure(WebFilterExchange exchange, AuthenticationException exception) {
		String error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError().getErrorCode()
				: null;
		String description = (exception instanceof OAuth2AuthenticationException oauth)
				? oauth.getError().getDescription() : null;
		// Spring reports every ID token check as invalid_id_token; a too weak login
		// says so
		CardProblem problem = (description != null && description.contains(CardLoginConfiguration.ACR_MISMATCH))
				? CardProblem.ASSURANCE : CardProblem.fromProviderError(error);
		boolean card = this.cardCallbackPath.equals(exchange.getExchange().getRequest().getPath().value());
		return this.redirects.sendRedirect(exchange.getExchange(),
				URI.create("/login-failed?reason=" + problem.code() + (card ? "&via=card" : "")));
	}

}
