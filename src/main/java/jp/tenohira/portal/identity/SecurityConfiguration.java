package jp.tenohira.portal.identity;

import java.net.URI;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;

/**
 * Resident security. Anonymous browsing never creates a server session: the CSRF token lives in an HttpOnly cookie
 * (double submit, masked per request) and drafts are tied to the applicant-key cookie, so a flood of page views cannot
 * exhaust the session store. Sessions start only at login.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	/**
	 * Resident login settings.
	 *
	 * @param registrationId the OAuth2 client registration residents log in with
	 * @param secureCookies mark the CSRF cookie Secure (turn off only for plain-HTTP development)
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
		csrfTokens.setCookieName("XSRF-TOKEN");
		csrfTokens.setCookieCustomizer((cookie) -> cookie.secure(properties.secureCookies()).sameSite("Lax"));
		XorServerCsrfTokenRequestAttributeHandler csrfHandler = new XorServerCsrfTokenRequestAttributeHandler();
		csrfHandler.setTokenFromMultipartDataEnabled(true);
		String loginPath = "/oauth2/authorization/" + properties.registrationId();
		http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/mypage/**", "/procedures/*/login")
			.authenticated()
			.pathMatchers("/actuator/health/**")
			.permitAll()
			.pathMatchers("/actuator/**")
			.denyAll()
			.pathMatchers(HttpMethod.TRACE, "/**")
			.denyAll()
			.anyExchange()
			.permitAll())
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens).csrfTokenRequestHandler(csrfHandler))
			.headers((headers) -> headers
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER)))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new RedirectServerAuthenticationEntryPoint(loginPath)))
			.logout((logout) -> {
				RedirectServerLogoutSuccessHandler success = new RedirectServerLogoutSuccessHandler();
				success.setLogoutSuccessUrl(URI.create("/procedures?loggedOut"));
				logout.logoutUrl("/logout").logoutSuccessHandler(success);
			})
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
		if (registrations.getIfAvailable() != null) {
			http.oauth2Login(Customizer.withDefaults());
		}
		return http.build();
	}

}
