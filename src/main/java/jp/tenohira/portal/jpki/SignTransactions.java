package jp.tenohira.portal.jpki;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.jwk.JWK;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The デジタル認証アプリ's sign-transactions API: {@link #create(byte[])} registers the digest to
 * be signed (with a client-credentials token, authenticated by {@code private_key_jwt}),
 * and after the resident signed in the app {@link #result(String, String)} fetches the
 * signature and certificate, encrypted to the portal's key (JWE ECDH-ES, A256GCM), and
 * decrypts them. The token endpoint and issuer come from the card login's client
 * registration (discovery). An unreachable, slow or failing provider is a
 * {@link ProviderUnavailableException}.
 */
public class SignTransactions {

	/** Longest wait for any one call. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9._~-]{1,200}");

	private static final MediaType JOSE = MediaType.parseMediaType("application/jose");

	private final ReactiveClientRegistrationRepository registrations;

	private final JpkiProperties properties;

	private final JpkiClientKeys keys;

	private final WebClient web;

	private final WebClientReactiveClientCredentialsTokenResponseClient tokens;

	SignTransactions(ReactiveClientRegistrationRepository registrations, JpkiProperties properties,
			JpkiClientKeys keys) {
		this.registrations = registrations;
		this.properties = properties;
		this.keys = keys;
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT.toMillis())
			.responseTimeout(TIMEOUT);
		this.web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.filter(ExchangeFilterFunction.ofResponseProcessor(SignTransactions::serverErrors))
			.build();
		this.tokens = new WebClientReactiveClientCredentialsTokenResponseClient();
		this.tokens.setWebClient(this.web);
		this.tokens.addParametersConverter(keys.clientAuthentication());
	}

	/**
	 * Registers a digest to be signed.
	 * @param sha256 the SHA-256 digest of the document (32 bytes)
	 * @return the {@code sign_transaction_id} to send the resident to the app with
	 */
	public Mono<String> create(byte[] sha256) {
		if (sha256 == null || sha256.length != 32) {
			return Mono.error(new IllegalArgumentException("a SHA-256 digest has 32 bytes"));
		}
		Map<String, String> body = Map.of("digest", Base64.getEncoder().encodeToString(sha256), "digest_algorithm",
				"SHA-256");
		return registration().flatMap((card) -> clientCredentialsToken(card).flatMap((token) -> this.web.post()
			.uri(api(card, "/api/sign-transactions"))
			.headers((headers) -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			}))).timeout(TIMEOUT.multipliedBy(2)).map((answer) -> {
				Object id = answer.get("sign_transaction_id");
				if (!(id instanceof String text) || !TRANSACTION_ID.matcher(text).matches()) {
					throw new InvalidSignResultException("no usable sign_transaction_id in the answer");
				}
				return text;
			}).onErrorMap(SignTransactions::isOutage, SignTransactions::unavailable);
	}

	/**
	 * Fetches and decrypts a sign transaction's result. Empty while the provider has no
	 * result yet (404).
	 * @param transactionId the id {@link #create(byte[])} returned
	 * @param userAccessToken the access token from the code exchange of the resident's
	 * sign authorization
	 * @return the signature, the digest it covers and the certificate; not yet verified
	 * @throws InvalidSignResultException (as the error signal) when the answer is not a
	 * JWE the portal accepts or does not belong to the transaction
	 */
	public Mono<SignResult> result(String transactionId, String userAccessToken) {
		if (transactionId == null || !TRANSACTION_ID.matcher(transactionId).matches()) {
			return Mono.error(new IllegalArgumentException("not a sign transaction id"));
		}
		return registration().flatMap((card) -> this.web.get()
			.uri(api(card, "/api/sign-transactions/" + transactionId + "/result"))
			.headers((headers) -> headers.setBearerAuth(userAccessToken))
			.accept(JOSE, MediaType.TEXT_PLAIN)
			.exchangeToMono((response) -> {
				if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
					return response.releaseBody().then(Mono.<String>empty());
				}
				if (response.statusCode().is2xxSuccessful()) {
					return response.bodyToMono(String.class);
				}
				return response.createException().flatMap((ex) -> Mono.<String>error(ex));
			}))
			.timeout(TIMEOUT)
			.publishOn(Schedulers.boundedElastic())
			.map((jwe) -> decrypt(jwe, transactionId))
			.onErrorMap(SignTransactions::isOutage, SignTransactions::unavailable);
	}

	SignResult decrypt(String compact, String transactionId) {
		JWK key = this.keys.encryptionKey();
		Map<String, Object> payload;
		try {
			JWEObject jwe = JWEObject.parse(compact.strip());
			JWEHeader header = jwe.getHeader();
			if (!JWEAlgorithm.ECDH_ES.equals(header.getAlgorithm())
					|| !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
				throw new InvalidSignResultException("sign result must be ECDH-ES with A256GCM, not "
						+ header.getAlgorithm() + " " + header.getEncryptionMethod());
			}
			if (header.getKeyID() != null && !header.getKeyID().equals(key.getKeyID())) {
				throw new InvalidSignResultException("sign result encrypted to another key");
			}
			jwe.decrypt(new ECDHDecrypter(key.toECKey()));
			payload = jwe.getPayload().toJSONObject();
		}
		catch (ParseException | JOSEException ex) {
			throw new InvalidSignResultException("sign result is not a JWE the portal can decrypt", ex);
		}
		if (payload == null || !transactionId.equals(payload.get("sign_transaction_id"))) {
			throw new InvalidSignResultException("sign result belongs to another transaction");
		}
		Object algorithm = payload.get("signature_algorithm");
		if (algorithm != null && !"SHA256withRSA".equals(algorithm)) {
			throw new InvalidSignResultException("unexpected signature algorithm " + algorithm);
		}
		try {
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(bytes(payload, "certificate")));
			return new SignResult(bytes(payload, "digest"), bytes(payload, "signature"), certificate);
		}
		catch (CertificateException ex) {
			throw new InvalidSignResultException("sign result certificate unreadable", ex);
		}
	}

	private static byte[] bytes(Map<String, Object> payload, String name) {
		if (!(payload.get(name) instanceof String text) || text.isEmpty()) {
			throw new InvalidSignResultException("sign result has no " + name);
		}
		try {
			return Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			try {
				return Base64.getUrlDecoder().decode(text);
			}
			catch (IllegalArgumentException again) {
				throw new InvalidSignResultException("sign result " + name + " is not base64");
			}
		}
	}

	/** The card login's client registration (endpoints from discovery). */
	public Mono<ClientRegistration> registration() {
		return this.registrations.findByRegistrationId(this.properties.registrationId())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(
					"no OAuth2 client registration '" + this.properties.registrationId() + "' for the card login")));
	}

	private Mono<String> clientCredentialsToken(ClientRegistration card) {
		ClientRegistration credentials = ClientRegistration.withClientRegistration(card)
			.registrationId(card.getRegistrationId() + "-sign-transactions")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.scope((java.util.Collection<String>) null)
			.build();
		// the client assertion is signed here (SecureRandom, EC maths): off the
		// event loop
		return Mono.defer(() -> this.tokens.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(credentials)))
			.subscribeOn(Schedulers.boundedElastic())
			.map((response) -> response.getAccessToken().getTokenValue());
	}

	private URI api(ClientRegistration card, String path) {
		String base = (this.properties.apiBaseUri() != null) ? this.properties.apiBaseUri().toString()
				: card.getProviderDetails().getIssuerUri();
		if (base == null) {
			throw new IllegalStateException("set portal.jpki.api-base-uri or the card provider's issuer-uri");
		}
		return URI.create(base.replaceAll("/+$", "") + path);
	}

	private static Mono<ClientResponse> serverErrors(ClientResponse response) {
		if (response.statusCode().is5xxServerError()) {
			int status = response.statusCode().value();
			return response.releaseBody()
				.then(Mono.error(new ProviderUnavailableException("デジタル認証アプリ answered " + status)));
		}
		return Mono.just(response);
	}

	private static boolean isOutage(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ProviderUnavailableException || cause instanceof WebClientRequestException
					|| cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static Throwable unavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ProviderUnavailableException unavailable) {
				return unavailable;
			}
		}
		return new ProviderUnavailableException("デジタル認証アプリ not reachable: " + ex.getClass().getSimpleName(), ex);
	}

}
