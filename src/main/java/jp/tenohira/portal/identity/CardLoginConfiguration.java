package jp.tenohira.portal.identity;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.authentication.ReactiveOidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizationRequestResolver;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoderFactory;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import jp.tenohira.portal.jpki.JpkiClientKeys;
import jp.tenohira.portal.jpki.JpkiProperties;

/**
 * The デジタル認証アプリ as an OpenID Connect provider, on top of Spring Security's OAuth2 client:
 * every authorization request carries PKCE (S256), {@code state} and {@code nonce}; the
 * card registration also sends the configured {@code acr_values}; the token endpoint is
 * called with {@code private_key_jwt} (a client assertion signed with the key in
 * {@code portal.jpki.client-key}); ID tokens of the card registration must be ES256,
 * checked against the JWKS from discovery, and carry the requested assurance.
 */
@Configuration(proxyBeanMethods = false)
class CardLoginConfiguration {

	/** The OAuth2 error code of an ID token below the configured assurance. */
	static final String INSUFFICIENT_ASSURANCE = "insufficient_assurance";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

	/** The start of the description of that error. */
	static final String ACR_MISMATCH = "The ID token's acr does not name";

	/**
	 * Authorization requests with PKCE for every registration, plus the configured
	 * {@code acr_values} for the card.
	 */
	static ServerOAuth2AuthorizationRequestResolver authorizationRequestResolver(
			ReactiveClientRegistrationRepository repository, JpkiProperties jpki) {
		DefaultServerOAuth2AuthorizationRequestResolver resolver = new DefaultServerOAuth2AuthorizationRequestResolver(
				repository);
		resolver.setAuthorizationRequestCustomizer((builder) -> {
			OAuth2AuthorizationRequestCustomizers.withPkce().accept(builder);
			String[] registrationId = new String[1];
			builder.attributes(
					(attributes) -> registrationId[0] = (String) attributes.get(OAuth2ParameterNames.REGISTRATION_ID));
			if (jpki.registrationId().equals(registrationId[0])) {
				builder.additionalParameters((parameters) -> parameters.putAll(jpki.authorizationParameters()));
			}
		});
		return resolver;
	}

	/**
	 * The code exchange: {@code private_key_jwt} for registrations that ask for it (the
	 * key of {@link JpkiClientKeys}), the registration's own method (client secret) for
	 * the others. A provider that cannot be reached or does not answer in time is
	 * reported as {@code temporarily_unavailable}, which residents read as "the app
	 * cannot be reached", for the login and for the signature alike.
	 */
	@Bean
	ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> authorizationCodeTokenResponseClient(
			ObjectProvider<JpkiClientKeys> keys) {
		WebClientReactiveAuthorizationCodeTokenResponseClient client = new WebClientReactiveAuthorizationCodeTokenResponseClient();
		client.setWebClient(providerWebClient());
		keys.ifAvailable((clientKeys) -> client.addParametersConverter(clientKeys.clientAuthentication()));
		return (request) -> client.getTokenResponse(request)
			.timeout(RESPONSE_TIMEOUT.multipliedBy(2))
			.onErrorMap((ex) -> ex instanceof WebClientRequestException || ex instanceof TimeoutException,
					(ex) -> new OAuth2AuthorizationException(
							new OAuth2Error("temporarily_unavailable", "The token endpoint could not be reached", null),
							ex));
	}

	/**
	 * A WebClient for calls to the identity providers (token, userinfo) that gives up
	 * when a provider does not connect or answer in time.
	 */
	static WebClient providerWebClient() {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
			.responseTimeout(RESPONSE_TIMEOUT);
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	@Bean
	ReactiveJwtDecoderFactory<ClientRegistration> idTokenDecoderFactory(JpkiProperties jpki) {
		ReactiveOidcIdTokenDecoderFactory factory = new ReactiveOidcIdTokenDecoderFactory();
		factory.setJwsAlgorithmResolver(
				(registration) -> isCard(registration, jpki) ? SignatureAlgorithm.ES256 : SignatureAlgorithm.RS256);
		factory.setJwtValidatorFactory((registration) -> isCard(registration, jpki)
				? new DelegatingOAuth2TokenValidator<>(new OidcIdTokenValidator(registration),
						new AcrValidator(jpki.acrValues()))
				: new OidcIdTokenValidator(registration));
		return factory;
	}

	static boolean isCard(ClientRegistration registration, JpkiProperties jpki) {
		return jpki.registrationId().equals(registration.getRegistrationId());
	}

	/**
	 * The ID token's {@code acr} must name the first requested value (the assurance
	 * level, e.g. {@code aal3} of {@code aal3 crl}); nothing is required when none is
	 * configured.
	 */
	static final class AcrValidator implements OAuth2TokenValidator<Jwt> {

		private final String required;

		AcrValidator(String acrValues) {
			this.required = StringUtils.hasText(acrValues) ? acrValues.strip().split("\\s+")[0] : null;
		}

		@Override
		public OAuth2TokenValidatorResult validate(Jwt token) {
			if (this.required == null) {
				return OAuth2TokenValidatorResult.success();
			}
			String acr = token.getClaimAsString("acr");
			List<String> given = (acr != null) ? Arrays.asList(acr.strip().split("\\s+")) : List.of();
			if (given.contains(this.required)) {
				return OAuth2TokenValidatorResult.success();
			}
			return OAuth2TokenValidatorResult
				.failure(new OAuth2Error(INSUFFICIENT_ASSURANCE, ACR_MISMATCH + " " + this.required, null));
		}

	}

}
