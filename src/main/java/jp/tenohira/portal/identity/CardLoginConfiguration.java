package jp.tenohira.portal.identity;

import java.text.ParseException;
import java.util.Arrays;
import java.util.List;

import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
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
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoderFactory;

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
			if (jpki.registrationId().equals(registrationId[0]) && hasText(jpki.acrValues())) {
				builder.additionalParameters((parameters) -> parameters.put("acr_values", jpki.acrValues().strip()));
			}
		});
		return resolver;
	}

	/**
	 * The code exchange: {@code private_key_jwt} for registrations that ask for it, the
	 * registration's own method (client secret) for the others.
	 */
	@Bean
	ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> authorizationCodeTokenResponseClient(
			JpkiProperties jpki) {
		WebClientReactiveAuthorizationCodeTokenResponseClient client = new WebClientReactiveAuthorizationCodeTokenResponseClient();
		client.addParametersConverter(new NimbusJwtClientAuthenticationParametersConverter<>(clientKeys(jpki)));
		return client;
	}

	/** The signing key of {@code private_key_jwt} registrations. */
	static Function<ClientRegistration, JWK> clientKeys(JpkiProperties jpki) {
		JWK key = jpki.configured() ? parse(jpki.clientKey()) : null;
		return (registration) -> ClientAuthenticationMethod.PRIVATE_KEY_JWT
			.equals(registration.getClientAuthenticationMethod()) ? key : null;
	}

	private static JWK parse(String json) {
		try {
			JWK key = JWK.parse(json);
			if (!key.isPrivate()) {
				throw new IllegalStateException("portal.jpki.client-key must be a private JWK");
			}
			return key;
		}
		catch (ParseException ex) {
			throw new IllegalStateException("portal.jpki.client-key is not a JWK: " + ex.getMessage());
		}
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

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * The ID token's {@code acr} must name the first requested value (the assurance
	 * level, e.g. {@code aal3} of {@code aal3 crl}); nothing is required when none is
	 * configured.
	 */
	static final class AcrValidator implements OAuth2TokenValidator<Jwt> {

		private final String required;

		AcrValidator(String acrValues) {
			this.required = hasText(acrValues) ? acrValues.strip().split("\\s+")[0] : null;
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
