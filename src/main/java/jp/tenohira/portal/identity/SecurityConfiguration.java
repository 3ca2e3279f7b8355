package jp.tenohira.portal.identity;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.DefaultReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.ReactiveOAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.CookieServerRequestCache;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebFilter;

import jp.tenohira.portal.jpki.JpkiProperties;

/**
 * Who may do what. Two filter chains:
 * <ul>
 * <li>the back-office API ({@code /api/**}): stateless, bearer JWTs from the city's
 * authorization server (client credentials), no cookies and so no CSRF;</li>
 * <li>everything else: residents and staff log in through OpenID Connect with separate
 * client registrations. Anonymous browsing never creates a server session: the CSRF token
 * lives in an HttpOnly cookie (double submit, masked per request) and drafts are tied to
 * the applicant-key cookie. Sessions start only at login.</li>
 * </ul>
 * Staff handlers carry method security on top of the URL rules here; which section's data
 * a person may see is checked where the data is loaded.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
class SecurityConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(SecurityConfiguration.class);

	/**
	 * Login settings.
	 *
	 * @param registrationId the OAuth2 client registration residents log in with
	 * @param staffRegistrationId the registration staff log in with
	 * @param staffRolesClaim the staff ID token claim listing role codes
	 * @param staffSectionsClaim the staff ID token claim listing section ids
	 * @param secureCookies mark the CSRF cookie Secure (turn off only for plain-HTTP
	 * development)
	 */
	@ConfigurationProperties("portal.security")
	record SecurityProperties(String registrationId, String staffRegistrationId, String staffRolesClaim,
			String staffSectionsClaim, Boolean secureCookies) {

		SecurityProperties {
			registrationId = (registrationId != null) ? registrationId : "resident";
			staffRegistrationId = (staffRegistrationId != null) ? staffRegistrationId : "staff";
			staffRolesClaim = (staffRolesClaim != null) ? staffRolesClaim : "roles";
			staffSectionsClaim = (staffSectionsClaim != null) ? staffSectionsClaim : "sections";
			secureCookies = (secureCookies != null) ? secureCookies : Boolean.TRUE;
		}

	}

	/**
	 * Back-office API clients.
	 *
	 * @param clients by client id: the sections each may read and update
	 */
	@ConfigurationProperties("portal.api")
	record ApiProperties(Map<String, Client> clients) {

		ApiProperties {
			clients = (clients != null) ? Map.copyOf(clients) : Map.of();
		}

		/** One client's grant. */
		record Client(List<String> sections) {
			Client {
				sections = (sections != null) ? List.copyOf(sections) : List.of();
			}
		}

	}

	@Bean
	@Order(1)
	SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ApiProperties properties,
			ObjectProvider<ReactiveJwtDecoder> decoders, ObjectProvider<SecurityObservers.ApiCall> observers) {
		http.securityMatcher(new PathPatternParserServerWebExchangeMatcher("/api/**"))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.disable())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.headers((headers) -> headers.referrerPolicy(
					(referrer) -> referrer.policy(ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER)));
		ReactiveJwtDecoder decoder = decoders.getIfAvailable();
		if (decoder == null) {
			logger.info("No API token issuer configured (spring.security.oauth2.resourceserver.jwt.issuer-uri): "
					+ "the back-office API refuses every call");
			http.authorizeExchange((exchanges) -> exchanges.anyExchange().denyAll())
				.exceptionHandling((exceptions) -> exceptions
					.authenticationEntryPoint(new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)));
		}
		else {
			http.authorizeExchange((exchanges) -> exchanges.anyExchange().hasAuthority(ApiClient.API_AUTHORITY))
				.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtDecoder(decoder)
					.jwtAuthenticationConverter((token) -> apiClient(token, properties))));
		}
		SecurityObservers.ApiCall observer = observers.getIfAvailable();
		if (observer != null) {
			WebFilter around = (exchange, chain) -> observer.around(exchange, chain.filter(exchange));
			WebFilter capture = (exchange, chain) -> ReactiveSecurityContextHolder.getContext()
				.map(SecurityContext::getAuthentication)
				.filter(ApiClient.class::isInstance)
				.doOnNext((client) -> exchange.getAttributes().put(SecurityObservers.API_CLIENT_ATTRIBUTE, client))
				.then(chain.filter(exchange));
			http.addFilterBefore(around, SecurityWebFiltersOrder.HTTP_HEADERS_WRITER)
				.addFilterAfter(capture, SecurityWebFiltersOrder.AUTHENTICATION);
		}
		return http.build();
	}

	private static Mono<ApiClient> apiClient(Jwt token, ApiProperties properties) {
		String clientId = token.getClaimAsString("client_id");
		if (clientId == null) {
			clientId = token.getClaimAsString("azp");
		}
		if (clientId == null) {
			clientId = token.getSubject();
		}
		if (clientId == null || clientId.isBlank()) {
			return Mono.error(new InvalidBearerTokenException("The access token names no client"));
		}
		ApiProperties.Client client = properties.clients().get(clientId);
		Set<String> sections = (client != null) ? new LinkedHashSet<>(client.sections()) : Set.of();
		return Mono.just(new ApiClient(token, clientId, sections));
	}

	/**
	 * Where to return after login lives in a cookie, not a server session: an anonymous
	 * GET of マイページ (linked from every page) creates none.
	 */
	@Bean
	ServerRequestCache loginRequestCache() {
		return new CookieServerRequestCache();
	}

	@Bean
	@Order(2)
	SecurityWebFilterChain webSecurity(ServerHttpSecurity http, SecurityProperties properties,
			ObjectProvider<ReactiveClientRegistrationRepository> registrations,
			ObjectProvider<SecurityObservers.AccessDenied> deniedObservers, ServerRequestCache requestCache,
			JpkiProperties jpki) {
		CookieServerCsrfTokenRepository csrfTokens = new CookieServerCsrfTokenRepository();
		// __Host- (Secure, Path=/, no Domain): a sibling subdomain cannot plant a token.
		csrfTokens.setCookieName(properties.secureCookies() ? "__Host-XSRF-TOKEN" : "XSRF-TOKEN");
		csrfTokens.setCookieCustomizer((cookie) -> cookie.secure(properties.secureCookies()).sameSite("Lax").path("/"));
		XorServerCsrfTokenRequestAttributeHandler csrfHandler = new XorServerCsrfTokenRequestAttributeHandler();
		csrfHandler.setTokenFromMultipartDataEnabled(true);
		RedirectServerAuthenticationEntryPoint residentLogin = new RedirectServerAuthenticationEntryPoint(
				"/oauth2/authorization/" + properties.registrationId());
		residentLogin.setRequestCache(requestCache);
		RedirectServerAuthenticationEntryPoint staffLogin = new RedirectServerAuthenticationEntryPoint(
				"/oauth2/authorization/" + properties.staffRegistrationId());
		staffLogin.setRequestCache(requestCache);
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegatingServerAuthenticationEntryPoint.DelegateEntry(
						new PathPatternParserServerWebExchangeMatcher("/staff/**"), staffLogin));
		entryPoint.setDefaultEntryPoint(residentLogin);
		SecurityObservers.AccessDenied deniedObserver = deniedObservers.getIfAvailable();
		http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/mypage/**", "/procedures/*/login")
			.hasAuthority(ResidentAuthorities.RESIDENT)
			.pathMatchers("/staff/audit/**")
			.hasAuthority(StaffRole.AUDITOR.authority())
			.pathMatchers("/staff", "/staff/**")
			.hasAuthority(StaffMember.STAFF_AUTHORITY)
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
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler((exchange, denied) -> ReactiveSecurityContextHolder.getContext()
					.map(SecurityContext::getAuthentication)
					.flatMap((authentication) -> (deniedObserver != null)
							? deniedObserver.denied(exchange, authentication) : Mono.<Void>empty())
					.then(Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN)))))
			.logout((logout) -> {
				RedirectServerLogoutSuccessHandler success = new RedirectServerLogoutSuccessHandler();
				success.setLogoutSuccessUrl(URI.create("/procedures?loggedOut"));
				logout.logoutUrl("/logout").logoutSuccessHandler(success);
			})
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable);
		ReactiveClientRegistrationRepository repository = registrations.getIfAvailable();
		if (repository != null) {
			http.oauth2Login((login) -> login
				.authorizationRequestResolver(CardLoginConfiguration.authorizationRequestResolver(repository, jpki))
				.authenticationSuccessHandler(
						new StaffLoginSuccessHandler(requestCache, properties.staffRegistrationId()))
				.authenticationFailureHandler(new LoginFailureHandler(jpki.registrationId())));
		}
		return http.build();
	}

	/**
	 * Turns a verified ID token into authorities: residents get {@code ROLE_RESIDENT};
	 * staff get {@code ROLE_STAFF}, one {@code ROLE_*} per recognised role code and one
	 * {@code SECTION_*} per section from their claims.
	 */
	@Bean
	ReactiveOAuth2UserService<OidcUserRequest, OidcUser> oidcUserService(SecurityProperties properties,
			JpkiProperties jpki) {
		DefaultReactiveOAuth2UserService userInfo = new DefaultReactiveOAuth2UserService();
		userInfo.setWebClient(CardLoginConfiguration.providerWebClient());
		OidcReactiveOAuth2UserService standard = new OidcReactiveOAuth2UserService();
		standard.setOauth2UserService(userInfo);
		// the card's 基本4情報 come only from userinfo (scopes name, address, birthdate,
		// gender): always asked for there
		OidcReactiveOAuth2UserService card = new OidcReactiveOAuth2UserService();
		card.setOauth2UserService(userInfo);
		card.setRetrieveUserInfo((request) -> true);
		return (request) -> (jpki.registrationId().equals(request.getClientRegistration().getRegistrationId()) ? card
				: standard)
			.loadUser(request)
			.map((user) -> {
				String registrationId = request.getClientRegistration().getRegistrationId();
				boolean staff = properties.staffRegistrationId().equals(registrationId);
				List<GrantedAuthority> authorities = new ArrayList<>();
				if (!staff) {
					authorities.add(new SimpleGrantedAuthority(ResidentAuthorities.RESIDENT));
					if (jpki.registrationId().equals(registrationId)) {
						authorities.add(new SimpleGrantedAuthority(ResidentAuthorities.CARD));
					}
				}
				else {
					authorities.add(new SimpleGrantedAuthority(StaffMember.STAFF_AUTHORITY));
					for (String code : strings(user.getClaims().get(properties.staffRolesClaim()))) {
						StaffRole.fromCode(code)
							.ifPresent((role) -> authorities.add(new SimpleGrantedAuthority(role.authority())));
					}
					for (String section : strings(user.getClaims().get(properties.staffSectionsClaim()))) {
						if (section.matches("[a-z0-9-]{1,64}")) {
							authorities.add(new SimpleGrantedAuthority(StaffMember.SECTION_PREFIX + section));
						}
					}
				}
				return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), "sub");
			});
	}

	private static List<String> strings(Object claim) {
		if (claim instanceof Collection<?> values) {
			return values.stream().map(String::valueOf).toList();
		}
		if (claim instanceof String value) {
			return List.of(value.split("[,\\s]+"));
		}
		return List.of();
	}

}
