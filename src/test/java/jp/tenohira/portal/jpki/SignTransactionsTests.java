package jp.tenohira.portal.jpki;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import jp.tenohira.portal.jpki.simulator.DigitalAuthSimulator;
import jp.tenohira.portal.jpki.simulator.Persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sign-transactions client against the simulator: a client-credentials token obtained
 * with {@code private_key_jwt}, a transaction created for a digest, the resident's
 * signing (the simulator's {@code auto=1} authorization and a real code exchange), and
 * the JWE result decrypted and verified. An outage is a
 * {@link ProviderUnavailableException}; a result the portal does not accept is refused.
 */
class SignTransactionsTests {

	private static final DigitalAuthSimulator SIMULATOR = DigitalAuthSimulator.shared();

	private static final String REDIRECT = "http://127.0.0.1:8080/login/oauth2/code/card";

	private static final byte[] DOCUMENT = "procedure=jidou-teate\nversion=3\n".getBytes(StandardCharsets.UTF_8);

	private final HttpClient http = HttpClient.newHttpClient();

	String clientId;

	ECKey signingKey;

	JpkiProperties properties;

	JpkiClientKeys keys;

	SignTransactions transactions;

	@BeforeEach
	void register() throws Exception {
		this.clientId = "sig-tests-" + UUID.randomUUID();
		this.signingKey = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
			.keyID("sig-" + this.clientId)
			.generate();
		ECKey encryption = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION)
			.keyID("enc-" + this.clientId)
			.generate();
		this.properties = new JpkiProperties("card", this.signingKey.toJSONString(), encryption.toJSONString(), null,
				null, null, null);
		this.keys = JpkiClientKeys.from(this.properties);
		SIMULATOR.registerClient(this.clientId, this.keys.publicKeys(), Set.of(REDIRECT));
		ClientRegistration card = ClientRegistrations.fromIssuerLocation(SIMULATOR.issuer())
			.registrationId("card")
			.clientId(this.clientId)
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.redirectUri(REDIRECT)
			.scope("openid", "sign")
			.build();
		this.transactions = new SignTransactions(new InMemoryReactiveClientRegistrationRepository(card),
				this.properties, this.keys);
	}

	@AfterEach
	void reset() {
		SIMULATOR.reset();
	}

	static byte[] sha256(byte[] bytes) throws Exception {
		return MessageDigest.getInstance("SHA-256").digest(bytes);
	}

	@Test
	void createsATransactionAndDecryptsTheSignedResult() throws Exception {
		byte[] digest = sha256(DOCUMENT);
		String id = this.transactions.create(digest).block();
		assertThat(id).isNotBlank();
		String accessToken = signInTheApp(id, Persona.VALID);

		SignResult result = this.transactions.result(id, accessToken).block();
		assertThat(result.digest()).isEqualTo(digest);
		assertThat(result.certificate()).isEqualTo(SIMULATOR.ca().certificate(Persona.VALID));
		assertThat(result.toString()).doesNotContain(result.certificate().getSubjectX500Principal().getName());
		Clock clock = Clock.systemUTC();
		SignatureVerifier verifier = new SignatureVerifier(List.of(SIMULATOR.trustAnchor()),
				new RevocationChecker(SignatureVerifierTests.properties("crl"), clock), clock);
		assertThat(verifier.verify(DOCUMENT, result.signature(), result.certificate()).block().outcome())
			.isEqualTo(SignatureCheck.Outcome.VALID);

		// the result is the resident's: a client-credentials token may not read it
		assertThatExceptionOfType(WebClientResponseException.class)
			.isThrownBy(() -> this.transactions.result(id, "not-the-residents-token").block())
			.satisfies((ex) -> assertThat(ex.getStatusCode().is4xxClientError()).isTrue());
	}

	@Test
	void aProviderThatIsDownOrUnreachableIsUnavailable() {
		SIMULATOR.setDown(true);
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> this.transactions.create(new byte[32]).block());
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> this.transactions.result("abc", "token").block());
		SIMULATOR.reset();

		ClientRegistration nowhere = ClientRegistration.withRegistrationId("card")
			.clientId(this.clientId)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.redirectUri(REDIRECT)
			.authorizationUri("http://127.0.0.1:9/auth")
			.tokenUri("http://127.0.0.1:9/token")
			.issuerUri("http://127.0.0.1:9/realms/digital-auth")
			.build();
		SignTransactions unreachable = new SignTransactions(new InMemoryReactiveClientRegistrationRepository(nowhere),
				this.properties, this.keys);
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> unreachable.create(new byte[32]).block());
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> unreachable.result("abc", "token").block());
	}

	@Test
	void refusesResultsEncryptedOtherwiseOrForAnotherTransaction() throws Exception {
		ECKey encryption = this.keys.encryptionKey().toECKey();
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("sign_transaction_id", "tx-1");
		payload.put("digest", Base64.getEncoder().encodeToString(new byte[32]));
		payload.put("signature", Base64.getEncoder().encodeToString(new byte[256]));
		payload.put("certificate",
				Base64.getEncoder().encodeToString(SIMULATOR.ca().certificate(Persona.VALID).getEncoded()));
		payload.put("signature_algorithm", "SHA256withRSA");

		String good = jwe(JWEAlgorithm.ECDH_ES, encryption, encryption.getKeyID(), payload);
		assertThat(this.transactions.decrypt(good, "tx-1").certificate())
			.isEqualTo(SIMULATOR.ca().certificate(Persona.VALID));
		assertThatExceptionOfType(InvalidSignResultException.class)
			.isThrownBy(() -> this.transactions.decrypt(good, "tx-2"))
			.withMessageContaining("another transaction");
		String keyWrapped = jwe(JWEAlgorithm.ECDH_ES_A128KW, encryption, encryption.getKeyID(), payload);
		assertThatExceptionOfType(InvalidSignResultException.class)
			.isThrownBy(() -> this.transactions.decrypt(keyWrapped, "tx-1"))
			.withMessageContaining("ECDH-ES with A256GCM");
		ECKey other = new ECKeyGenerator(Curve.P_256).keyID("other").generate();
		String toAnotherKey = jwe(JWEAlgorithm.ECDH_ES, other, null, payload);
		assertThatExceptionOfType(InvalidSignResultException.class)
			.isThrownBy(() -> this.transactions.decrypt(toAnotherKey, "tx-1"));
		assertThatExceptionOfType(InvalidSignResultException.class)
			.isThrownBy(() -> this.transactions.decrypt("not a jwe", "tx-1"));
	}

	static String jwe(JWEAlgorithm algorithm, ECKey to, String kid, Map<String, Object> payload) throws Exception {
		JWEObject jwe = new JWEObject(new JWEHeader.Builder(algorithm, EncryptionMethod.A256GCM).keyID(kid).build(),
				new Payload(payload));
		jwe.encrypt(new ECDHEncrypter(to.toECPublicKey()));
		return jwe.serialize();
	}

	/**
	 * What the resident's browser and the portal's login do: the sign authorization
	 * (answered at once by the simulator), then the code exchange with PKCE and a client
	 * assertion. Returns the resident's access token.
	 */
	String signInTheApp(String transactionId, Persona persona) throws Exception {
		String verifier = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(UUID.randomUUID()
				.toString()
				.concat(UUID.randomUUID().toString())
				.getBytes(StandardCharsets.US_ASCII));
		String challenge = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
		Map<String, String> query = new LinkedHashMap<>();
		query.put("response_type", "code");
		query.put("client_id", this.clientId);
		query.put("redirect_uri", REDIRECT);
		query.put("scope", "openid sign");
		query.put("state", "state-1");
		query.put("nonce", "nonce-1");
		query.put("code_challenge", challenge);
		query.put("code_challenge_method", "S256");
		query.put("sign_transaction_id", transactionId);
		query.put("auto", "1");
		query.put("persona", persona.id());
		query.put("outcome", "ok");
		HttpResponse<String> authorized = this.http.send(
				HttpRequest.newBuilder(URI.create(SIMULATOR.issuer() + "/protocol/openid-connect/auth?" + form(query)))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(authorized.statusCode()).isEqualTo(302);
		String location = authorized.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT);
		String code = null;
		for (String pair : URI.create(location).getRawQuery().split("&")) {
			if (pair.startsWith("code=")) {
				code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
			}
		}
		assertThat(code).as(location).isNotNull();

		Instant now = Instant.now();
		SignedJWT assertion = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.signingKey.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(this.clientId)
					.subject(this.clientId)
					.audience(SIMULATOR.tokenEndpoint())
					.jwtID(UUID.randomUUID().toString())
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(60)))
					.build());
		assertion.sign(new ECDSASigner(this.signingKey));
		Map<String, String> token = new LinkedHashMap<>();
		token.put("grant_type", "authorization_code");
		token.put("code", code);
		token.put("redirect_uri", REDIRECT);
		token.put("code_verifier", verifier);
		token.put("client_assertion_type", DigitalAuthSimulator.JWT_BEARER);
		token.put("client_assertion", assertion.serialize());
		HttpResponse<String> exchanged = this.http.send(HttpRequest.newBuilder(URI.create(SIMULATOR.tokenEndpoint()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(token)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		return (String) JSONObjectUtils.parse(exchanged.body()).get("access_token");
	}

	static String form(Map<String, String> values) {
		return values.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
