package jp.tenohira.portal.jpki.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A development and test stand-in for the Digital Agency's デジタル認証アプリ (the My Number Card
 * authentication and signing service) and for the J-LIS CRL and OCSP services: a real
 * HTTP server on 127.0.0.1 speaking OpenID Connect (authorization code with PKCE,
 * {@code private_key_jwt}, ES256 ID tokens), the sign-transactions API (results as
 * {@code ECDH-ES}/{@code A256GCM} JWE) and revocation, backed by {@link TestJpkiCa}.
 * Lives in test sources only.
 * <p>
 * Instead of reading a card, its authorization page lets the person at the keyboard pick
 * a {@link Persona} and an outcome (success, wrong PIN, locked PIN, unreadable card,
 * cancel). Tests without a browser add {@code auto=1&persona=…&outcome=…} to the
 * authorization request and get the redirect at once.
 * <p>
 * How the development run ({@code ./mvnw spring-boot:test-run}) uses it:
 *
 * <pre class="code">
 * DigitalAuthSimulator jpki = DigitalAuthSimulator.start(8091);
 * ECKey sig = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyID("dev-sig").generate();
 * ECKey enc = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION).keyID("dev-enc").generate();
 * jpki.registerClient("tenohira-portal", new JWKSet(List.of(sig.toPublicJWK(), enc.toPublicJWK())),
 *         Set.of("http://localhost:8080/login/oauth2/code/card"));
 * System.setProperty("portal.jpki.client-key", sig.toJSONString());
 * System.setProperty("portal.jpki.encryption-key", enc.toJSONString());
 * System.setProperty("spring.security.oauth2.client.provider.card.issuer-uri", jpki.issuer());
 * // the trust anchor: write jpki.trustAnchorPem() to a temporary file and point
 * // portal.jpki.trust-anchors at it
 * </pre>
 *
 * Keys are generated at every start and never stored. Tests share one instance per JVM
 * through {@link #shared()}; a test that flips a fault switch calls {@link #reset()}
 * afterwards.
 */
public final class DigitalAuthSimulator {

	/** The realm path; the issuer is {@code http://127.0.0.1:{port}} followed by it. */
	public static final String REALM = "/realms/digital-auth";

	/** The {@code client_assertion_type} of {@code private_key_jwt}. */
	public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private static final String OIDC = REALM + "/protocol/openid-connect";

	private static final String AUTH_PATH = OIDC + "/auth";

	private static final String TOKEN_PATH = OIDC + "/token";

	private static final Pattern RESULT_PATH = Pattern
		.compile(REALM + "/api/sign-transactions/([A-Za-z0-9_-]+)/result");

	private static final String CRL_PATH = "/jlis/crl/sign.crl";

	private static final String OCSP_PATH = "/jlis/ocsp";

	private static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

	private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

	private static final int MAX_BODY = 64 * 1024;

	private static final List<String> OUTCOMES = List.of("ok", "pin_incorrect", "pin_locked", "card_read_failed",
			"access_denied");

	private static final Map<Persona, PersonaData> PERSONAS = Map.of(Persona.VALID,
			new PersonaData("郡山 太郎", "福島県郡山市朝日一丁目23番7号", "1985-04-01", "male", "有効なカード"), Persona.MOVED,
			new PersonaData("安積 花子", "福島県郡山市富久山町久保田字古坦1番地", "1990-09-15", "female", "転居済み・署名用電子証明書は失効"),
			Persona.EXPIRED, new PersonaData("田村 一郎", "福島県郡山市田村町金屋字川久保1番地", "1950-01-20", "male", "電子証明書の有効期限切れ"),
			Persona.UNDER15, new PersonaData("郡山 小太郎", null, null, null, "15歳未満・署名用電子証明書なし"));

	private static final SecureRandom RANDOM = new SecureRandom();

	private static DigitalAuthSimulator shared;

	private final HttpServer server;

	private final ExecutorService executor;

	private final String base;

	private final String issuer;

	private final TestJpkiCa ca;

	private final ECKey idTokenKey;

	private final Map<String, Client> clients = new ConcurrentHashMap<>();

	private final Map<String, CodeGrant> codes = new ConcurrentHashMap<>();

	private final Map<String, String> redeemedCodes = new ConcurrentHashMap<>();

	private final Map<String, AccessGrant> tokens = new ConcurrentHashMap<>();

	private final Map<String, SignTransaction> transactions = new ConcurrentHashMap<>();

	private final Map<String, Instant> seenAssertions = new ConcurrentHashMap<>();

	private volatile boolean down;

	private volatile boolean crlAvailable = true;

	private volatile boolean ocspAvailable = true;

	private record PersonaData(String name, String address, String birthdate, String gender, String note) {
	}

	private record Client(String id, JWKSet keys, Set<String> redirectUris) {

		boolean allows(String redirectUri) {
			if (redirectUri == null) {
				return false;
			}
			for (String registered : this.redirectUris) {
				if (registered.endsWith("*") ? redirectUri.startsWith(registered.substring(0, registered.length() - 1))
						: registered.equals(redirectUri)) {
					return true;
				}
			}
			return false;
		}

	}

	private record CodeGrant(String clientId, String redirectUri, String codeChallenge, String nonce, Persona persona,
			String scope, String acr, String signTransactionId, Instant authTime, Instant expiresAt) {
	}

	private record AccessGrant(String clientId, Persona persona, String scope, String signTransactionId,
			Instant expiresAt) {
	}

	private static final class SignTransaction {

		private final String id;

		private final String clientId;

		private final byte[] digest;

		private byte[] signature;

		private X509Certificate certificate;

		SignTransaction(String id, String clientId, byte[] digest) {
			this.id = id;
			this.clientId = clientId;
			this.digest = digest;
		}

		synchronized boolean open() {
			return this.signature == null;
		}

		synchronized boolean sign(byte[] signature, X509Certificate certificate) {
			if (this.signature != null) {
				return false;
			}
			this.signature = signature;
			this.certificate = certificate;
			return true;
		}

		synchronized byte[] signature() {
			return this.signature;
		}

		synchronized X509Certificate certificate() {
			return this.certificate;
		}

	}

	/** A request parameter that appeared more than once. */
	private static final class DuplicateParameterException extends RuntimeException {

		DuplicateParameterException(String name) {
			super("Parameter " + name + " appears more than once", null, false, false);
		}

	}

	private DigitalAuthSimulator(int port) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
		this.base = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.issuer = this.base + REALM;
		this.ca = TestJpkiCa.create(this.base + CRL_PATH, this.base + OCSP_PATH);
		try {
			this.idTokenKey = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyID("sim-" + randomToken(6))
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		AtomicInteger threads = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "digital-auth-simulator-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Starts a simulator on 127.0.0.1 and the given port (0 for a free one). */
	public static DigitalAuthSimulator start(int port) {
		try {
			return new DigitalAuthSimulator(port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the デジタル認証アプリ simulator", ex);
		}
	}

	/** The one simulator of this JVM, on a free port, started on first use. */
	public static synchronized DigitalAuthSimulator shared() {
		if (shared == null) {
			shared = start(0);
		}
		return shared;
	}

	/** Stops the server at once. */
	public void stop() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** {@code http://127.0.0.1:{port}/realms/digital-auth}. */
	public String issuer() {
		return this.issuer;
	}

	/** {@code http://127.0.0.1:{port}}, where the CRL and OCSP paths live. */
	public String baseUrl() {
		return this.base;
	}

	/** The token endpoint, the audience of client assertions. */
	public String tokenEndpoint() {
		return this.base + TOKEN_PATH;
	}

	/** The port the server listens on. */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/** The CA behind the signature certificates, CRL and OCSP answers. */
	public TestJpkiCa ca() {
		return this.ca;
	}

	/** The test J-LIS signature CA root. */
	public X509Certificate trustAnchor() {
		return this.ca.trustAnchor();
	}

	/** The test J-LIS signature CA root as PEM. */
	public String trustAnchorPem() {
		return this.ca.trustAnchorPem();
	}

	/**
	 * Registers (or replaces) a relying party.
	 * @param clientId the client id
	 * @param publicKeys the client's public keys: one with {@code use=sig} that signs its
	 * client assertions (EC or RSA), one EC key with {@code use=enc} that sign results
	 * are encrypted to
	 * @param redirectUris the redirect URIs, matched exactly, or as a prefix when one
	 * ends in {@code *}
	 */
	public void registerClient(String clientId, JWKSet publicKeys, Set<String> redirectUris) {
		for (JWK key : publicKeys.getKeys()) {
			if (key.isPrivate()) {
				throw new IllegalArgumentException("Register public keys only");
			}
		}
		this.clients.put(clientId, new Client(clientId, publicKeys, Set.copyOf(redirectUris)));
	}

	/** Every endpoint, CRL and OCSP included, answers 503 while down. */
	public void setDown(boolean down) {
		this.down = down;
	}

	/** Whether the CRL can be downloaded (503 when not). */
	public void setCrlAvailable(boolean available) {
		this.crlAvailable = available;
	}

	/** Whether the OCSP responder answers (503 when not). */
	public void setOcspAvailable(boolean available) {
		this.ocspAvailable = available;
	}

	/**
	 * Restores every fault switch (up, CRL and OCSP available). Registered clients stay.
	 */
	public void reset() {
		this.down = false;
		this.crlAvailable = true;
		this.ocspAvailable = true;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			if (this.down) {
				send(exchange, 503, "text/plain; charset=utf-8", bytes("Service Unavailable"));
				return;
			}
			String path = exchange.getRequestURI().getRawPath();
			String method = exchange.getRequestMethod();
			Matcher result = RESULT_PATH.matcher(path);
			if (path.equals(REALM + "/.well-known/openid-configuration")) {
				ifMethod(exchange, method, "GET", this::discovery);
			}
			else if (path.equals(AUTH_PATH)) {
				if (method.equals("GET") || method.equals("POST")) {
					authorize(exchange);
				}
				else {
					send(exchange, 405, "text/plain; charset=utf-8", bytes("Method Not Allowed"));
				}
			}
			else if (path.equals(TOKEN_PATH)) {
				ifMethod(exchange, method, "POST", this::token);
			}
			else if (path.equals(OIDC + "/userinfo")) {
				if (method.equals("GET") || method.equals("POST")) {
					userinfo(exchange);
				}
				else {
					send(exchange, 405, "text/plain; charset=utf-8", bytes("Method Not Allowed"));
				}
			}
			else if (path.equals(OIDC + "/certs")) {
				ifMethod(exchange, method, "GET", this::certs);
			}
			else if (path.equals(REALM + "/api/sign-transactions")) {
				ifMethod(exchange, method, "POST", this::createSignTransaction);
			}
			else if (result.matches()) {
				ifMethod(exchange, method, "GET", (ex) -> signResult(ex, result.group(1)));
			}
			else if (path.equals(CRL_PATH)) {
				ifMethod(exchange, method, "GET", this::crl);
			}
			else if (path.equals(OCSP_PATH)) {
				ifMethod(exchange, method, "POST", this::ocsp);
			}
			else {
				send(exchange, 404, "text/plain; charset=utf-8", bytes("Not Found"));
			}
		}
		catch (RuntimeException ex) {
			// When the answer was already under way this throws, and the client sees a
			// broken answer, which is what it is.
			send(exchange, 500, "text/plain; charset=utf-8", bytes("Internal Server Error"));
		}
		finally {
			exchange.close();
		}
	}

	private interface Handler {

		void handle(HttpExchange exchange) throws IOException;

	}

	private static void ifMethod(HttpExchange exchange, String method, String allowed, Handler handler)
			throws IOException {
		if (method.equals(allowed)) {
			handler.handle(exchange);
		}
		else {
			exchange.getResponseHeaders().set("Allow", allowed);
			send(exchange, 405, "text/plain; charset=utf-8", bytes("Method Not Allowed"));
		}
	}

	// Discovery and keys

	private void discovery(HttpExchange exchange) throws IOException {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("issuer", this.issuer);
		metadata.put("authorization_endpoint", this.base + AUTH_PATH);
		metadata.put("token_endpoint", this.base + TOKEN_PATH);
		metadata.put("userinfo_endpoint", this.base + OIDC + "/userinfo");
		metadata.put("jwks_uri", this.base + OIDC + "/certs");
		metadata.put("response_types_supported", List.of("code"));
		metadata.put("response_modes_supported", List.of("query"));
		metadata.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
		metadata.put("code_challenge_methods_supported", List.of("S256"));
		metadata.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
		metadata.put("token_endpoint_auth_signing_alg_values_supported", List.of("ES256", "RS256"));
		metadata.put("id_token_signing_alg_values_supported", List.of("ES256"));
		metadata.put("subject_types_supported", List.of("pairwise"));
		metadata.put("scopes_supported", List.of("openid", "name", "address", "birthdate", "gender", "sign"));
		metadata.put("claims_supported", List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr",
				"name", "address", "birthdate", "gender"));
		metadata.put("acr_values_supported", List.of("aal2", "aal3", "crl"));
		sendJson(exchange, 200, metadata);
	}

	private void certs(HttpExchange exchange) throws IOException {
		sendJson(exchange, 200, new JWKSet(this.idTokenKey.toPublicJWK()).toJSONObject());
	}

	// Authorization

	private void authorize(HttpExchange exchange) throws IOException {
		boolean post = exchange.getRequestMethod().equals("POST");
		Map<String, List<String>> params;
		if (post) {
			byte[] body = body(exchange);
			if (body == null) {
				return;
			}
			params = parseForm(new String(body, StandardCharsets.UTF_8));
		}
		else {
			params = parseForm(exchange.getRequestURI().getRawQuery());
		}
		Map<String, String> p;
		try {
			p = single(params);
		}
		catch (DuplicateParameterException ex) {
			sendPage(exchange, 400, errorPage("リクエストに同じパラメーターが重複しています。"));
			return;
		}
		Client client = this.clients.get(nullToEmpty(p.get("client_id")));
		if (client == null) {
			sendPage(exchange, 400, errorPage("登録されていないクライアントです。"));
			return;
		}
		String redirectUri = p.get("redirect_uri");
		if (!client.allows(redirectUri)) {
			sendPage(exchange, 400, errorPage("リダイレクトURIが登録されたものと一致しません。"));
			return;
		}
		String state = p.get("state");
		if (state == null || state.isEmpty()) {
			redirectError(exchange, redirectUri, "invalid_request", "state is required", null);
			return;
		}
		if (!"code".equals(p.get("response_type"))) {
			redirectError(exchange, redirectUri, "unsupported_response_type", "Only response_type=code", state);
			return;
		}
		List<String> scopes = Arrays.asList(nullToEmpty(p.get("scope")).split(" "));
		if (!scopes.contains("openid")) {
			redirectError(exchange, redirectUri, "invalid_request", "scope must contain openid", state);
			return;
		}
		if (isBlank(p.get("nonce"))) {
			redirectError(exchange, redirectUri, "invalid_request", "nonce is required", state);
			return;
		}
		if (isBlank(p.get("code_challenge")) || !"S256".equals(p.get("code_challenge_method"))) {
			redirectError(exchange, redirectUri, "invalid_request", "PKCE with code_challenge_method=S256 is required",
					state);
			return;
		}
		boolean sign = scopes.contains("sign");
		SignTransaction transaction = null;
		if (sign) {
			transaction = this.transactions.get(nullToEmpty(p.get("sign_transaction_id")));
			if (transaction == null || !transaction.clientId.equals(client.id()) || !transaction.open()) {
				redirectError(exchange, redirectUri, "invalid_request",
						"scope sign needs the sign_transaction_id of an open transaction", state);
				return;
			}
		}
		if (!post && !"1".equals(p.get("auto"))) {
			sendPage(exchange, 200, authorizationPage(client, p, sign, transaction));
			return;
		}
		Persona persona;
		try {
			persona = Persona.fromId((p.get("persona") != null) ? p.get("persona") : "valid");
		}
		catch (IllegalArgumentException ex) {
			redirectError(exchange, redirectUri, "invalid_request", "Unknown persona", state);
			return;
		}
		String outcome = (p.get("outcome") != null) ? p.get("outcome") : (post ? "" : "ok");
		if (!OUTCOMES.contains(outcome)) {
			redirectError(exchange, redirectUri, "invalid_request", "Unknown outcome", state);
			return;
		}
		if (!outcome.equals("ok")) {
			redirectError(exchange, redirectUri, outcome, describe(outcome), state);
			return;
		}
		if (persona == Persona.EXPIRED) {
			redirectError(exchange, redirectUri, "certificate_expired", "The card's certificate has expired", state);
			return;
		}
		if (sign && !persona.hasSignatureCertificate()) {
			redirectError(exchange, redirectUri, "signature_certificate_unavailable",
					"The card has no signature certificate", state);
			return;
		}
		if (sign && !transaction.sign(this.ca.sign(persona, transaction.digest), this.ca.certificate(persona))) {
			redirectError(exchange, redirectUri, "invalid_request", "The transaction has already been signed", state);
			return;
		}
		String code = randomToken(32);
		Instant now = Instant.now();
		String acr = isBlank(p.get("acr_values")) ? "aal2" : p.get("acr_values").trim();
		this.codes.put(code, new CodeGrant(client.id(), redirectUri, p.get("code_challenge"), p.get("nonce"), persona,
				String.join(" ", scopes), acr, sign ? transaction.id : null, now, now.plus(CODE_LIFETIME)));
		Map<String, String> answer = new LinkedHashMap<>();
		answer.put("code", code);
		answer.put("state", state);
		redirect(exchange, redirectUri, answer);
	}

	private static String describe(String outcome) {
		return switch (outcome) {
			case "access_denied" -> "The user cancelled";
			case "pin_incorrect" -> "The PIN was incorrect";
			case "pin_locked" -> "The PIN is locked";
			default -> "The card could not be read";
		};
	}

	private String authorizationPage(Client client, Map<String, String> p, boolean sign, SignTransaction transaction) {
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">")
			.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.append("<title>デジタル認証アプリ（開発用シミュレーター）</title></head><body><main>")
			.append("<h1>デジタル認証アプリ（開発用シミュレーター）</h1>");
		html.append("<p>")
			.append(escape(client.id()))
			.append(sign ? " がマイナンバーカードによる電子署名を求めています。</p>" : " がマイナンバーカードによる本人確認を求めています。</p>");
		if (sign) {
			html.append("<p>必要な暗証番号: 署名用電子証明書の暗証番号（英数字6〜16桁）</p>")
				.append("<p>署名する文書のハッシュ値（SHA-256）: <code>")
				.append(escape(HexFormat.of().formatHex(transaction.digest)))
				.append("</code></p>");
		}
		else {
			html.append("<p>必要な暗証番号: 利用者証明用電子証明書の暗証番号（数字4桁）</p>");
		}
		html.append("<p>これは開発用のシミュレーターです。カードを読み取る代わりに、カードの持ち主と結果を選んでください。</p>");
		html.append("<form method=\"post\" action=\"").append(escape(AUTH_PATH)).append("\">");
		for (String name : List.of("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
				"code_challenge", "code_challenge_method", "acr_values", "sign_transaction_id")) {
			if (p.get(name) != null) {
				html.append("<input type=\"hidden\" name=\"")
					.append(name)
					.append("\" value=\"")
					.append(escape(p.get(name)))
					.append("\">");
			}
		}
		html.append("<fieldset><legend>カードの持ち主</legend>");
		for (Persona persona : Persona.values()) {
			PersonaData data = PERSONAS.get(persona);
			String id = "persona-" + persona.id();
			html.append("<div><input type=\"radio\" name=\"persona\" id=\"")
				.append(id)
				.append("\" value=\"")
				.append(persona.id())
				.append((persona == Persona.VALID) ? "\" checked>" : "\">")
				.append("<label for=\"")
				.append(id)
				.append("\">")
				.append(escape(data.name()))
				.append("（")
				.append(escape(data.note()))
				.append("）</label></div>");
		}
		html.append("</fieldset><fieldset><legend>結果</legend>");
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("ok", sign ? "署名する" : "認証する");
		labels.put("pin_incorrect", "暗証番号を間違える");
		labels.put("pin_locked", "暗証番号がロックされている");
		labels.put("card_read_failed", "カードを読み取れない");
		labels.put("access_denied", "キャンセル");
		labels.forEach((outcome, label) -> html.append("<button type=\"submit\" name=\"outcome\" value=\"")
			.append(outcome)
			.append("\" id=\"outcome-")
			.append(outcome)
			.append("\">")
			.append(escape(label))
			.append("</button> "));
		html.append("</fieldset></form></main></body></html>\n");
		return html.toString();
	}

	private static String errorPage(String message) {
		return "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
				+ "<title>エラー - デジタル認証アプリ（開発用シミュレーター）</title></head><body><main>" + "<h1>デジタル認証アプリ（開発用シミュレーター）</h1><p>"
				+ escape(message) + "</p></main></body></html>\n";
	}

	// Token

	private void token(HttpExchange exchange) throws IOException {
		byte[] body = body(exchange);
		if (body == null) {
			return;
		}
		Map<String, String> p;
		try {
			p = single(parseForm(new String(body, StandardCharsets.UTF_8)));
		}
		catch (DuplicateParameterException ex) {
			sendOAuthError(exchange, 400, "invalid_request", "A parameter appears more than once");
			return;
		}
		Client client = authenticate(p);
		if (client == null) {
			exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_client\"");
			sendOAuthError(exchange, 401, "invalid_client", "Client authentication failed");
			return;
		}
		String grantType = nullToEmpty(p.get("grant_type"));
		Instant now = Instant.now();
		Map<String, Object> answer = new LinkedHashMap<>();
		if (grantType.equals("authorization_code")) {
			String code = nullToEmpty(p.get("code"));
			CodeGrant grant = this.codes.remove(code);
			if (grant == null) {
				String issued = this.redeemedCodes.remove(code);
				if (issued != null) {
					// A replayed code revokes what it bought (RFC 6749 section 4.1.2).
					this.tokens.remove(issued);
				}
				sendOAuthError(exchange, 400, "invalid_grant", "Unknown, expired or already used code");
				return;
			}
			if (!grant.clientId().equals(client.id()) || grant.expiresAt().isBefore(now)
					|| !grant.redirectUri().equals(p.get("redirect_uri"))) {
				sendOAuthError(exchange, 400, "invalid_grant", "The code was not issued for this request");
				return;
			}
			String verifier = p.get("code_verifier");
			if (verifier == null || !s256(verifier).equals(grant.codeChallenge())) {
				sendOAuthError(exchange, 400, "invalid_grant", "code_verifier does not match the code_challenge");
				return;
			}
			String accessToken = randomToken(32);
			this.tokens.put(accessToken, new AccessGrant(client.id(), grant.persona(), grant.scope(),
					grant.signTransactionId(), now.plus(TOKEN_LIFETIME)));
			this.redeemedCodes.put(code, accessToken);
			answer.put("access_token", accessToken);
			answer.put("token_type", "Bearer");
			answer.put("expires_in", TOKEN_LIFETIME.toSeconds());
			answer.put("scope", grant.scope());
			answer.put("id_token", idToken(client, grant, now));
		}
		else if (grantType.equals("client_credentials")) {
			String scope = nullToEmpty(p.get("scope")).trim();
			String accessToken = randomToken(32);
			this.tokens.put(accessToken, new AccessGrant(client.id(), null, scope, null, now.plus(TOKEN_LIFETIME)));
			answer.put("access_token", accessToken);
			answer.put("token_type", "Bearer");
			answer.put("expires_in", TOKEN_LIFETIME.toSeconds());
			answer.put("scope", scope);
		}
		else {
			sendOAuthError(exchange, 400, "unsupported_grant_type", "authorization_code or client_credentials");
			return;
		}
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		sendJson(exchange, 200, answer);
	}

	/** The client whose {@code private_key_jwt} assertion checks out, else null. */
	private Client authenticate(Map<String, String> p) {
		if (!JWT_BEARER.equals(p.get("client_assertion_type")) || p.get("client_assertion") == null) {
			return null;
		}
		try {
			SignedJWT assertion = SignedJWT.parse(p.get("client_assertion"));
			JWSAlgorithm alg = assertion.getHeader().getAlgorithm();
			if (!JWSAlgorithm.ES256.equals(alg) && !JWSAlgorithm.RS256.equals(alg)) {
				return null;
			}
			JWTClaimsSet claims = assertion.getJWTClaimsSet();
			Client client = this.clients.get(nullToEmpty(claims.getIssuer()));
			if (client == null || !client.id().equals(claims.getSubject())
					|| (p.get("client_id") != null && !client.id().equals(p.get("client_id")))) {
				return null;
			}
			if (!verifiedByClientKey(assertion, client)) {
				return null;
			}
			List<String> audience = claims.getAudience();
			if (!audience.contains(this.base + TOKEN_PATH) && !audience.contains(this.issuer)) {
				return null;
			}
			Date exp = claims.getExpirationTime();
			String jti = claims.getJWTID();
			if (exp == null || !exp.toInstant().isAfter(Instant.now()) || jti == null) {
				return null;
			}
			Instant now = Instant.now();
			this.seenAssertions.values().removeIf((expiry) -> expiry.isBefore(now));
			if (this.seenAssertions.putIfAbsent(client.id() + " " + jti, exp.toInstant()) != null) {
				return null;
			}
			return client;
		}
		catch (ParseException | JOSEException ex) {
			return null;
		}
	}

	private static boolean verifiedByClientKey(SignedJWT assertion, Client client) throws JOSEException {
		String kid = assertion.getHeader().getKeyID();
		boolean ec = JWSAlgorithm.ES256.equals(assertion.getHeader().getAlgorithm());
		for (JWK key : client.keys().getKeys()) {
			if (KeyUse.ENCRYPTION.equals(key.getKeyUse()) || (kid != null && !kid.equals(key.getKeyID()))) {
				continue;
			}
			JWSVerifier verifier = null;
			if (ec && key instanceof ECKey ecKey && Curve.P_256.equals(ecKey.getCurve())) {
				verifier = new ECDSAVerifier(ecKey);
			}
			else if (!ec && key instanceof RSAKey rsaKey) {
				verifier = new RSASSAVerifier(rsaKey);
			}
			if (verifier != null && assertion.verify(verifier)) {
				return true;
			}
		}
		return false;
	}

	private String idToken(Client client, CodeGrant grant, Instant now) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.subject(pairwiseSubject(grant.persona(), client.id()))
			.audience(client.id())
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
			.issueTime(Date.from(now))
			.claim("auth_time", grant.authTime().getEpochSecond())
			.claim("nonce", grant.nonce())
			.claim("acr", grant.acr())
			.claim("amr", List.of((grant.signTransactionId() != null) ? "jpki-sign" : "jpki-auth"))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.idTokenKey.getKeyID())
			.type(JOSEObjectType.JWT)
			.build(), claims);
		try {
			jwt.sign(new ECDSASigner(this.idTokenKey));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * The pairwise subject the simulator gives a persona at a client:
	 * base64url(SHA-256(persona id | client id)).
	 */
	public static String pairwiseSubject(Persona persona, String clientId) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(sha256((persona.id() + "|" + clientId).getBytes(StandardCharsets.UTF_8)));
	}

	// UserInfo

	private void userinfo(HttpExchange exchange) throws IOException {
		AccessGrant grant = bearer(exchange);
		if (grant == null || grant.persona() == null) {
			exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			sendOAuthError(exchange, 401, "invalid_token", "A valid access token of a card holder is required");
			return;
		}
		List<String> scopes = Arrays.asList(grant.scope().split(" "));
		PersonaData data = PERSONAS.get(grant.persona());
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", pairwiseSubject(grant.persona(), grant.clientId()));
		if (grant.persona() != Persona.UNDER15) {
			putIf(claims, scopes, "name", data.name());
			putIf(claims, scopes, "address", data.address());
			putIf(claims, scopes, "birthdate", data.birthdate());
			putIf(claims, scopes, "gender", data.gender());
		}
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		sendJson(exchange, 200, claims);
	}

	private static void putIf(Map<String, Object> claims, List<String> scopes, String name, String value) {
		if (scopes.contains(name) && value != null) {
			claims.put(name, value);
		}
	}

	private AccessGrant bearer(HttpExchange exchange) {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		AccessGrant grant = this.tokens.get(authorization.substring(7).trim());
		if (grant == null || grant.expiresAt().isBefore(Instant.now())) {
			return null;
		}
		return grant;
	}

	// Sign transactions

	private void createSignTransaction(HttpExchange exchange) throws IOException {
		AccessGrant grant = bearer(exchange);
		if (grant == null) {
			exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			sendOAuthError(exchange, 401, "invalid_token", "A client credentials access token is required");
			return;
		}
		if (grant.persona() != null) {
			sendOAuthError(exchange, 403, "insufficient_scope", "Use a client credentials access token");
			return;
		}
		byte[] body = body(exchange);
		if (body == null) {
			return;
		}
		byte[] digest;
		try {
			Map<String, Object> request = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
			if (!"SHA-256".equals(request.get("digest_algorithm")) || !(request.get("digest") instanceof String)) {
				sendOAuthError(exchange, 400, "invalid_request", "digest (base64) and digest_algorithm SHA-256");
				return;
			}
			digest = Base64.getDecoder().decode((String) request.get("digest"));
		}
		catch (ParseException | IllegalArgumentException ex) {
			sendOAuthError(exchange, 400, "invalid_request", "The body is not the expected JSON");
			return;
		}
		if (digest.length != 32) {
			sendOAuthError(exchange, 400, "invalid_request", "A SHA-256 digest has 32 bytes");
			return;
		}
		String id = randomToken(16);
		this.transactions.put(id, new SignTransaction(id, grant.clientId(), digest));
		exchange.getResponseHeaders().set("Location", this.issuer + "/api/sign-transactions/" + id);
		sendJson(exchange, 201, Map.of("sign_transaction_id", id));
	}

	private void signResult(HttpExchange exchange, String id) throws IOException {
		AccessGrant grant = bearer(exchange);
		if (grant == null) {
			exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			sendOAuthError(exchange, 401, "invalid_token", "An access token is required");
			return;
		}
		SignTransaction transaction = this.transactions.get(id);
		if (transaction == null) {
			sendOAuthError(exchange, 404, "not_found", "No such sign transaction");
			return;
		}
		if (!id.equals(grant.signTransactionId()) || !transaction.clientId.equals(grant.clientId())) {
			sendOAuthError(exchange, 403, "insufficient_scope", "The token was not issued for this transaction");
			return;
		}
		byte[] signature = transaction.signature();
		if (signature == null) {
			sendOAuthError(exchange, 404, "not_found", "Not signed yet");
			return;
		}
		ECKey encryptionKey = encryptionKey(this.clients.get(transaction.clientId));
		if (encryptionKey == null) {
			sendOAuthError(exchange, 500, "server_error", "The client has no EC key with use=enc");
			return;
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("sign_transaction_id", id);
		payload.put("digest", Base64.getEncoder().encodeToString(transaction.digest));
		payload.put("signature", Base64.getEncoder().encodeToString(signature));
		try {
			payload.put("certificate", Base64.getEncoder().encodeToString(transaction.certificate().getEncoded()));
			payload.put("signature_algorithm", "SHA256withRSA");
			JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.ECDH_ES, EncryptionMethod.A256GCM)
				.keyID(encryptionKey.getKeyID())
				.build(), new Payload(JSONObjectUtils.toJSONString(payload)));
			jwe.encrypt(new ECDHEncrypter(encryptionKey));
			exchange.getResponseHeaders().set("Cache-Control", "no-store");
			send(exchange, 200, "application/jose", bytes(jwe.serialize()));
		}
		catch (CertificateEncodingException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ECKey encryptionKey(Client client) {
		if (client == null) {
			return null;
		}
		for (JWK key : client.keys().getKeys()) {
			if (KeyUse.ENCRYPTION.equals(key.getKeyUse()) && key instanceof ECKey ecKey) {
				return ecKey;
			}
		}
		return null;
	}

	// Revocation

	private void crl(HttpExchange exchange) throws IOException {
		if (!this.crlAvailable) {
			send(exchange, 503, "text/plain; charset=utf-8", bytes("Service Unavailable"));
			return;
		}
		send(exchange, 200, "application/pkix-crl", this.ca.crl());
	}

	private void ocsp(HttpExchange exchange) throws IOException {
		if (!this.ocspAvailable) {
			send(exchange, 503, "text/plain; charset=utf-8", bytes("Service Unavailable"));
			return;
		}
		byte[] body = body(exchange);
		if (body == null) {
			return;
		}
		send(exchange, 200, "application/ocsp-response", this.ca.ocspResponse(body));
	}

	// HTTP plumbing

	/** The request body, or null after answering 413 when it is too large. */
	private static byte[] body(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			byte[] body = in.readNBytes(MAX_BODY + 1);
			if (body.length > MAX_BODY) {
				send(exchange, 413, "text/plain; charset=utf-8", bytes("Payload Too Large"));
				return null;
			}
			return body;
		}
	}

	private static Map<String, List<String>> parseForm(String raw) {
		Map<String, List<String>> params = new LinkedHashMap<>();
		if (raw == null || raw.isEmpty()) {
			return params;
		}
		for (String pair : raw.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			params.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		return params;
	}

	private static Map<String, String> single(Map<String, List<String>> params) {
		Map<String, String> single = new LinkedHashMap<>();
		params.forEach((name, values) -> {
			if (values.size() > 1) {
				throw new DuplicateParameterException(name);
			}
			single.put(name, values.get(0));
		});
		return single;
	}

	private static void redirectError(HttpExchange exchange, String redirectUri, String error, String description,
			String state) throws IOException {
		Map<String, String> answer = new LinkedHashMap<>();
		answer.put("error", error);
		answer.put("error_description", description);
		if (state != null) {
			answer.put("state", state);
		}
		redirect(exchange, redirectUri, answer);
	}

	private static void redirect(HttpExchange exchange, String redirectUri, Map<String, String> params)
			throws IOException {
		StringBuilder location = new StringBuilder(redirectUri);
		char separator = redirectUri.contains("?") ? '&' : '?';
		for (Map.Entry<String, String> param : params.entrySet()) {
			location.append(separator)
				.append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
			separator = '&';
		}
		exchange.getResponseHeaders().set("Location", location.toString());
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.sendResponseHeaders(302, -1);
	}

	private static void sendPage(HttpExchange exchange, int status, String html) throws IOException {
		exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
		exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		send(exchange, status, "text/html; charset=utf-8", bytes(html));
	}

	private static void sendOAuthError(HttpExchange exchange, int status, String error, String description)
			throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", description);
		sendJson(exchange, status, body);
	}

	private static void sendJson(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
		send(exchange, status, "application/json", bytes(JSONObjectUtils.toJSONString(body)));
	}

	private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static String s256(String verifier) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
	}

	private static byte[] sha256(byte[] data) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(data);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String randomToken(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String nullToEmpty(String text) {
		return (text != null) ? text : "";
	}

	private static boolean isBlank(String text) {
		return text == null || text.isBlank();
	}

}
