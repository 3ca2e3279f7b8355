package jp.tenohira.portal.identity;

import java.net.URI;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.savedrequest.CookieServerRequestCache;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;

/**
 * Resident security. Anonymous browsing never creates a server session: the CSRF token
 * lives in an HttpOnly cookie (double submit, masked per request) and drafts are tied to
 * the applicant-key cookie, so a flood of page views cannot exhaust the session store.
 * Sessions start only at login.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	/**
	 * Resident login settings.
	 *
	 * @param registrationId the OAuth2 client registration residents log in with
	 * @param secureCookies mark the CSRF cookie Secure (turn off only for plain-HTTP
	 * development)
	 */
	@ConfigurationProperties("portal.security")
	record SecurityProperties(String registrationId, Boolean secureCookies) {

		SecurityProperties {
			registrationId = (registrationId != null) ? registrationId : "resident";
			secureCookies = (secureCookies != null) ? secureCookies : Boolean.TRUE;
		}

	}

	@Bean
	SecurityWebFilterChain residentSecurity(ServerHttpSecurity http, SecurityProperties properties,
			ObjectProvider<ReactiveClientRegistrationRepository> registrations) {
		CookieServerCsrfTokenRepository csrfTokens = new CookieServerCsrfTokenRepository();
		// __Host- (Secure, Path=/, no Domain): a sibling subdomain cannot plant a token.
		csrfTokens.setCookieName(properties.secureCookies() ? "__Host-XSRF-TOKEN" : "XSRF-TOKEN");
		csrfTokens.setCookieCustomizer((cookie) -> cookie.secure(properties.secureCookies()).sameSite("Lax").path("/"));
		XorServerCsrfTokenRequestAttributeHandler csrfHandler = new XorServerCsrfTokenRequestAttributeHandler();
		csrfHandler.setTokenFromMultipartDataEnabled(true);
		String loginPath = "/oauth2/authorization/" + properties.registrationId();
		// Where to return after login lives in a cookie, not a server session:
		// an anonymous GET of マイページ (linked from every page) creates none.
		CookieServerRequestCache requestCache = new CookieServerRequestCache();
		RedirectServerAuthenticationEntryPoint entryPoint = new RedirectServerAuthenticationEntryPoint(loginPath);
		entryPoint.setRequestCache(requestCache);
		http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/mypage/**", "/procedures/*/login")
			.authenticated()
			.anyExchange()
			.permitAll())
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.csrfTokenRequestHandler(csrfHandler)
				// the friendly 403 page rather than an empty response
				.accessDeniedHandler(
						(exchange, denied) -> Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN))))
			.headers((headers) -> headers.referrerPolicy(
					(referrer) -> referrer.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER)))
			.requestCache((cache) -> cache.requestCache(requestCache))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			.logout((logout) -> {
				RedirectServerLogoutSuccessHandler success = new RedirectServerLogoutSuccessHandler();
				success.setLogoutSuccessUrl(URI.create("/procedures?loggedOut"));
				logout.logoutUrl("/logout").logoutSuccessHandler(success);
			})
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
		if (registrations.getIfAvailable() != null) {
			RedirectServerAuthenticationSuccessHandler success = new RedirectServerAuthenticationSuccessHandler(
					"/mypage");
			success.setRequestCache(requestCache);
			http.oauth2Login((login) -> login.authenticationSuccessHandler(success)
				.authenticationFailureHandler(new RedirectServerAuthenticationFailureHandler("/login-failed")));
		}
		return http.build();
	}

}
