package jp.tenohira.portal.jpki.simulator;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator driven over real HTTP the way a relying party does: discovery, card login
 * with PKCE and {@code private_key_jwt}, userinfo, a sign transaction, CRL, OCSP and the
 * fault switches.
 */
class DigitalAuthSimulatorTests {

	private static final String CLIENT_ID = "tenohira-portal";

	private static final String REDIRECT_URI = "http://127.0.0.1:1/login/oauth2/code/card";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static DigitalAuthSimulator simulator;

	private static ECKey signingKey;

	private static ECKey encryptionKey;

	@BeforeAll
	static void start() throws Exception {
		simulator = DigitalAuthSimulator.start(0);
		signingKey = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyID("portal-sig").generate();
		encryptionKey = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION).keyID("portal-enc").generate();
		simulator.registerClient(CLIENT_ID, new JWKSet(List.of(signingKey.toPublicJWK(), encryptionKey.toPublicJWK())),
				Set.of(REDIRECT_URI, "http://127.0.0.1:1/signing/*"));
	}

	@AfterAll
	static void stop() {
		simulator.stop();
	}

	@AfterEach
	void reset() {
		simulator.reset();
	}

	@Test
	void discoveryNamesTheEndpointsAndWhatTheProviderSupports() throws Exception {
		HttpResponse<String> response = get(simulator.issuer() + "/.well-known/openid-configuration", null);
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> metadata = JSONObjectUtils.parse(response.body());
		assertThat(simulator.issuer()).matches("http://127\\.0\\.0\\.1:\\d+/realms/digital-auth");
		assertThat(metadata).containsEntry("issuer", simulator.issuer())
			.containsEntry("authorization_endpoint", simulator.issuer() + "/protocol/openid-connect/auth")
			.containsEntry("token_endpoint", simulator.tokenEndpoint())
			.containsEntry("jwks_uri", simulator.issuer() + "/protocol/openid-connect/certs");
		assertThat(JSONObjectUtils.getStringList(metadata, "code_challenge_methods_supported")).containsExactly("S256");
		assertThat(JSONObjectUtils.getStringList(metadata, "token_endpoint_auth_methods_supported"))
			.containsExactly("private_key_jwt");
		assertThat(JSONObjectUtils.getStringList(metadata, "acr_values_supported")).contains("aal2", "aal3", "crl");
		assertThat(JSONObjectUtils.getStringList(metadata, "scopes_supported")).contains("openid", "name", "sign");
		// What Spring Security's ClientRegistrations parses the document with.
		OIDCProviderMetadata parsed = OIDCProviderMetadata.parse(response.body());
		assertThat(parsed.getIssuer().getValue()).isEqualTo(simulator.issuer());
		assertThat(parsed.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.ES256);
	}

	@Test
	void loginGivesAnIdTokenThatVerifiesAgainstTheCertsEndpoint() throws Exception {
		Pkce pkce = new Pkce();
		Map<String, String> callback = authorize("openid name", pkce, "nonce-1", "aal3", "valid", "ok", null);
		assertThat(callback).containsEntry("state", "state-1").containsKey("code");

		HttpResponse<String> response = token(codeGrant(callback.get("code"), pkce.verifier()), assertion(signingKey));
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> tokens = JSONObjectUtils.parse(response.body());
		assertThat(tokens).containsEntry("token_type", "Bearer").containsKey("access_token");

		SignedJWT idToken = SignedJWT.parse((String) tokens.get("id_token"));
		assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		JWKSet certs = JWKSet.parse(get(simulator.issuer() + "/protocol/openid-connect/certs", null).body());
		ECKey providerKey = (ECKey) certs.getKeyByKeyId(idToken.getHeader().getKeyID());
		assertThat(providerKey).isNotNull();
		assertThat(providerKey.isPrivate()).isFalse();
		assertThat(idToken.verify(new ECDSAVerifier(providerKey))).isTrue();
		JWTClaimsSet claims = idToken.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(simulator.issuer());
		assertThat(claims.getAudience()).containsExactly(CLIENT_ID);
		assertThat(claims.getStringClaim("nonce")).isEqualTo("nonce-1");
		assertThat(claims.getStringClaim("acr")).isEqualTo("aal3");
		assertThat(claims.getStringListClaim("amr")).containsExactly("jpki-auth");
		assertThat(claims.getSubject()).isEqualTo(DigitalAuthSimulator.pairwiseSubject(Persona.VALID, CLIENT_ID))
			.isNotEqualTo(DigitalAuthSimulator.pairwiseSubject(Persona.VALID, "another-client"));
		assertThat(claims.getExpirationTime()).isAfter(new Date());
	}

	@Test
	void codeIsSingleUseAndBoundToTheVerifier() throws Exception {
		Pkce pkce = new Pkce();
		String code = authorize("openid", pkce, "n", null, "valid", "ok", null).get("code");
		HttpResponse<String> wrongVerifier = token(codeGrant(code, new Pkce().verifier()), assertion(signingKey));
		assertThat(wrongVerifier.statusCode()).isEqualTo(400);
		assertThat(JSONObjectUtils.parse(wrongVerifier.body())).containsEntry("error", "invalid_grant");

		Pkce second = new Pkce();
		String secondCode = authorize("openid", second, "n", null, "valid", "ok", null).get("code");
		HttpResponse<String> first = token(codeGrant(secondCode, second.verifier()), assertion(signingKey));
		assertThat(first.statusCode()).isEqualTo(200);
		String accessToken = (String) JSONObjectUtils.parse(first.body()).get("access_token");
		HttpResponse<String> replay = token(codeGrant(secondCode, second.verifier()), assertion(signingKey));
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(JSONObjectUtils.parse(replay.body())).containsEntry("error", "invalid_grant");
		assertThat(get(simulator.issuer() + "/protocol/openid-connect/userinfo", accessToken).statusCode())
			.as("the replay revokes the token the code bought")
			.isEqualTo(401);
	}

	@Test
	void clientAssertionMustBeSignedByTheRegisteredKeyAndUsedOnce() throws Exception {
		ECKey stranger = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyID("portal-sig").generate();
		HttpResponse<String> forged = token("grant_type=client_credentials", assertion(stranger));
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(JSONObjectUtils.parse(forged.body())).containsEntry("error", "invalid_client");

		String assertion = assertion(signingKey);
		assertThat(token("grant_type=client_credentials", assertion).statusCode()).isEqualTo(200);
		assertThat(token("grant_type=client_credentials", assertion).statusCode()).as("jti replay").isEqualTo(401);
		assertThat(token("grant_type=client_credentials&client_secret=x", null).statusCode()).isEqualTo(401);
	}

	@Test
	void missingPkceIsAnErrorRedirectAndAnUnknownRedirectUriIsNot() throws Exception {
		String query = "response_type=code&client_id=" + CLIENT_ID + "&redirect_uri=" + encode(REDIRECT_URI)
				+ "&scope=openid&state=s&nonce=n";
		HttpResponse<String> noPkce = get(simulator.issuer() + "/protocol/openid-connect/auth?" + query, null);
		assertThat(noPkce.statusCode()).isEqualTo(302);
		assertThat(callbackParameters(noPkce)).containsEntry("error", "invalid_request").containsEntry("state", "s");

		HttpResponse<String> unknownRedirect = get(simulator.issuer() + "/protocol/openid-connect/auth?"
				+ query.replace(encode(REDIRECT_URI), encode("http://evil.invalid/cb")), null);
		assertThat(unknownRedirect.statusCode()).isEqualTo(400);
		assertThat(unknownRedirect.headers().firstValue("Location")).isEmpty();

		String prefixed = "http://127.0.0.1:1/signing/42/callback";
		HttpResponse<String> underPrefix = get(simulator.issuer() + "/protocol/openid-connect/auth?"
				+ query.replace(encode(REDIRECT_URI), encode(prefixed)), null);
		assertThat(underPrefix.statusCode()).isEqualTo(302);
		assertThat(underPrefix.headers().firstValue("Location").orElseThrow()).startsWith(prefixed + "?error=");
	}

	@Test
	void pageEscapesWhatItEchoesAndItsFormAnswersWithACode() throws Exception {
		Pkce pkce = new Pkce();
		String state = "\"><script>alert(1)</script>";
		String query = "response_type=code&client_id=" + CLIENT_ID + "&redirect_uri=" + encode(REDIRECT_URI)
				+ "&scope=openid&state=" + encode(state) + "&nonce=n&code_challenge=" + pkce.challenge()
				+ "&code_challenge_method=S256";
		HttpResponse<String> page = get(simulator.issuer() + "/protocol/openid-connect/auth?" + query, null);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body())
			.contains("デジタル認証アプリ（開発用シミュレーター）", "id=\"persona-moved\"", "id=\"outcome-ok\"", "利用者証明用",
					"&quot;&gt;&lt;script&gt;")
			.doesNotContain("<script>");

		String form = query + "&persona=moved&outcome=ok";
		HttpResponse<String> posted = HTTP
			.send(HttpRequest.newBuilder(URI.create(simulator.issuer() + "/protocol/openid-connect/auth"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(posted.statusCode()).isEqualTo(302);
		assertThat(posted.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT_URI + "?code=");
		assertThat(callbackParameters(posted)).containsEntry("state", state);
	}

	@Test
	void outcomesAndPersonasEndInTheirErrors() throws Exception {
		assertThat(authorize("openid", new Pkce(), "n", null, "valid", "access_denied", null)).containsEntry("error",
				"access_denied");
		assertThat(authorize("openid", new Pkce(), "n", null, "valid", "pin_locked", null)).containsEntry("error",
				"pin_locked");
		assertThat(authorize("openid", new Pkce(), "n", null, "expired", "ok", null)).containsEntry("error",
				"certificate_expired");
	}

	@Test
	void userinfoGivesTheBasicFourOnlyToThoseWhoHaveThem() throws Exception {
		Map<String, Object> valid = userinfo("valid");
		assertThat(valid).containsEntry("name", "郡山 太郎")
			.containsEntry("address", "福島県郡山市朝日一丁目23番7号")
			.containsEntry("birthdate", "1985-04-01")
			.containsEntry("gender", "male")
			.containsEntry("sub", DigitalAuthSimulator.pairwiseSubject(Persona.VALID, CLIENT_ID));
		assertThat(userinfo("moved")).containsEntry("name", "安積 花子").containsEntry("gender", "female");
		assertThat(userinfo("under15")).containsOnlyKeys("sub");
	}

	@Test
	void signTransactionResultIsEncryptedToTheClientAndItsSignatureVerifies() throws Exception {
		byte[] document = ("申請 " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(document);
		String clientToken = (String) JSONObjectUtils
			.parse(token("grant_type=client_credentials", assertion(signingKey)).body())
			.get("access_token");
		String transactionId = createTransaction(clientToken, digest);

		Pkce pkce = new Pkce();
		Map<String, String> callback = authorize("openid sign", pkce, "n", null, "moved", "ok", transactionId);
		assertThat(callback).containsKey("code");
		Map<String, Object> tokens = JSONObjectUtils
			.parse(token(codeGrant(callback.get("code"), pkce.verifier()), assertion(signingKey)).body());
		assertThat(SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet().getStringListClaim("amr"))
			.containsExactly("jpki-sign");
		String resultUrl = simulator.issuer() + "/api/sign-transactions/" + transactionId + "/result";
		assertThat(get(resultUrl, clientToken).statusCode()).isEqualTo(403);

		HttpResponse<String> result = get(resultUrl, (String) tokens.get("access_token"));
		assertThat(result.statusCode()).isEqualTo(200);
		assertThat(result.headers().firstValue("Content-Type")).hasValue("application/jose");
		JWEObject jwe = JWEObject.parse(result.body());
		assertThat(jwe.getHeader().getAlgorithm().getName()).isEqualTo("ECDH-ES");
		assertThat(jwe.getHeader().getEncryptionMethod().getName()).isEqualTo("A256GCM");
		assertThat(jwe.getHeader().getKeyID()).isEqualTo("portal-enc");
		jwe.decrypt(new ECDHDecrypter(encryptionKey));
		Map<String, Object> payload = jwe.getPayload().toJSONObject();
		assertThat(payload).containsEntry("sign_transaction_id", transactionId)
			.containsEntry("digest", Base64.getEncoder().encodeToString(digest))
			.containsEntry("signature_algorithm", "SHA256withRSA");
		X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(
					new ByteArrayInputStream(Base64.getDecoder().decode((String) payload.get("certificate"))));
		certificate.verify(simulator.trustAnchor().getPublicKey());
		assertThat(certificate).isEqualTo(simulator.ca().certificate(Persona.MOVED));
		Signature verifier = Signature.getInstance("SHA256withRSA");
		verifier.initVerify(certificate.getPublicKey());
		verifier.update(document);
		assertThat(verifier.verify(Base64.getDecoder().decode((String) payload.get("signature")))).isTrue();

		assertThat(authorize("openid sign", new Pkce(), "n", null, "valid", "ok", transactionId))
			.as("a signed transaction is closed")
			.containsEntry("error", "invalid_request");
		String under15Transaction = createTransaction(clientToken, digest);
		assertThat(authorize("openid sign", new Pkce(), "n", null, "under15", "ok", under15Transaction))
			.containsEntry("error", "signature_certificate_unavailable");
	}

	@Test
	void crlListsTheMovedPersonaUntilSwitchedOff() throws Exception {
		HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.ca().crlUrl())).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
			.generateCRL(new ByteArrayInputStream(response.body()));
		crl.verify(simulator.trustAnchor().getPublicKey());
		assertThat(crl.isRevoked(simulator.ca().certificate(Persona.MOVED))).isTrue();
		assertThat(crl.isRevoked(simulator.ca().certificate(Persona.VALID))).isFalse();
		assertThat(simulator.ca().certificate(Persona.VALID).getExtensionValue("2.5.29.31")).isNotNull();

		simulator.setCrlAvailable(false);
		assertThat(HTTP
			.send(HttpRequest.newBuilder(URI.create(simulator.ca().crlUrl())).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(503);
	}

	@Test
	void ocspSaysRevokedForMovedAndGoodForValid() throws Exception {
		CertificateStatus moved = ocsp(simulator.ca().certificate(Persona.MOVED));
		assertThat(moved).isInstanceOf(RevokedStatus.class);
		assertThat(ocsp(simulator.ca().certificate(Persona.VALID))).isSameAs(CertificateStatus.GOOD);

		simulator.setOcspAvailable(false);
		assertThat(ocspHttp(simulator.ca().certificate(Persona.VALID)).statusCode()).isEqualTo(503);
	}

	@Test
	void downMeansEveryEndpointAnswers503UntilReset() throws Exception {
		simulator.setDown(true);
		assertThat(get(simulator.issuer() + "/.well-known/openid-configuration", null).statusCode()).isEqualTo(503);
		assertThat(token("grant_type=client_credentials", assertion(signingKey)).statusCode()).isEqualTo(503);
		assertThat(ocspHttp(simulator.ca().certificate(Persona.VALID)).statusCode()).isEqualTo(503);
		simulator.reset();
		assertThat(get(simulator.issuer() + "/.well-known/openid-configuration", null).statusCode()).isEqualTo(200);
	}

	private record Pkce(String verifier) {

		Pkce() {
			this(randomVerifier());
		}

		String challenge() throws Exception {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(
						MessageDigest.getInstance("SHA-256").digest(this.verifier.getBytes(StandardCharsets.US_ASCII)));
		}

		private static String randomVerifier() {
			byte[] bytes = new byte[32];
			RANDOM.nextBytes(bytes);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}

	}

	private static Map<String, String> authorize(String scope, Pkce pkce, String nonce, String acr, String persona,
			String outcome, String transactionId) throws Exception {
		StringBuilder query = new StringBuilder("response_type=code&client_id=").append(CLIENT_ID)
			.append("&redirect_uri=")
			.append(encode(REDIRECT_URI))
			.append("&scope=")
			.append(encode(scope))
			.append("&state=state-1&nonce=")
			.append(encode(nonce))
			.append("&code_challenge=")
			.append(pkce.challenge())
			.append("&code_challenge_method=S256&auto=1&persona=")
			.append(persona)
			.append("&outcome=")
			.append(outcome);
		if (acr != null) {
			query.append("&acr_values=").append(encode(acr));
		}
		if (transactionId != null) {
			query.append("&sign_transaction_id=").append(transactionId);
		}
		HttpResponse<String> response = get(simulator.issuer() + "/protocol/openid-connect/auth?" + query, null);
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT_URI + "?");
		return callbackParameters(response);
	}

	private static Map<String, Object> userinfo(String persona) throws Exception {
		Pkce pkce = new Pkce();
		String code = authorize("openid name address birthdate gender", pkce, "n", null, persona, "ok", null)
			.get("code");
		String accessToken = (String) JSONObjectUtils
			.parse(token(codeGrant(code, pkce.verifier()), assertion(signingKey)).body())
			.get("access_token");
		HttpResponse<String> response = get(simulator.issuer() + "/protocol/openid-connect/userinfo", accessToken);
		assertThat(response.statusCode()).isEqualTo(200);
		return JSONObjectUtils.parse(response.body());
	}

	private static String createTransaction(String clientToken, byte[] digest) throws Exception {
		String body = JSONObjectUtils
			.toJSONString(Map.of("digest", Base64.getEncoder().encodeToString(digest), "digest_algorithm", "SHA-256"));
		HttpResponse<String> created = HTTP
			.send(HttpRequest.newBuilder(URI.create(simulator.issuer() + "/api/sign-transactions"))
				.header("Authorization", "Bearer " + clientToken)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).isEqualTo(201);
		return (String) JSONObjectUtils.parse(created.body()).get("sign_transaction_id");
	}

	private static String codeGrant(String code, String verifier) {
		return "grant_type=authorization_code&code=" + encode(code) + "&redirect_uri=" + encode(REDIRECT_URI)
				+ "&code_verifier=" + encode(verifier);
	}

	private static String assertion(ECKey key) throws Exception {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(CLIENT_ID)
					.subject(CLIENT_ID)
					.audience(simulator.tokenEndpoint())
					.jwtID(UUID.randomUUID().toString())
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(60)))
					.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	private static HttpResponse<String> token(String form, String assertion) throws Exception {
		String body = form + "&client_id=" + CLIENT_ID;
		if (assertion != null) {
			body += "&client_assertion_type=" + encode(DigitalAuthSimulator.JWT_BEARER) + "&client_assertion="
					+ assertion;
		}
		return HTTP.send(HttpRequest.newBuilder(URI.create(simulator.tokenEndpoint()))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(String url, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<byte[]> ocspHttp(X509Certificate certificate) throws Exception {
		CertificateID id = new CertificateID(
				new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
				new JcaX509CertificateHolder(simulator.trustAnchor()), certificate.getSerialNumber());
		return HTTP.send(HttpRequest.newBuilder(URI.create(simulator.ca().ocspUrl()))
			.header("Content-Type", "application/ocsp-request")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new OCSPReqBuilder().addRequest(id).build().getEncoded()))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static CertificateStatus ocsp(X509Certificate certificate) throws Exception {
		HttpResponse<byte[]> response = ocspHttp(certificate);
		assertThat(response.statusCode()).isEqualTo(200);
		OCSPResp ocsp = new OCSPResp(response.body());
		assertThat(ocsp.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
		BasicOCSPResp basic = (BasicOCSPResp) ocsp.getResponseObject();
		assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(simulator.trustAnchor())))
			.isTrue();
		return basic.getResponses()[0].getCertStatus();
	}

	private static Map<String, String> callbackParameters(HttpResponse<?> response) {
		String location = response.headers().firstValue("Location").orElseThrow();
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : URI.create(location).getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return params;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
