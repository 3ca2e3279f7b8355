package jp.tenohira.portal.jpki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jp.tenohira.portal.jpki.RevocationChecker.State;
import jp.tenohira.portal.jpki.RevocationChecker.Status;
import jp.tenohira.portal.jpki.simulator.Persona;
import jp.tenohira.portal.jpki.simulator.TestJpkiCa;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation checks against a CA served by a small HTTP server whose answers the tests
 * choose: the CRL cache and its refresh, stale CRLs, forged CRLs and OCSP answers, a slow
 * responder, and which method a certificate leads to. Everything that cannot be trusted
 * ends as UNAVAILABLE, never GOOD.
 */
class RevocationCheckerTests {

	/** What the server answers. */
	enum Mode {

		REAL, DOWN, FORGED, SLOW

	}

	static HttpServer server;

	static TestJpkiCa ca;

	static TestJpkiCa crlOnly;

	static volatile Mode mode = Mode.REAL;

	static final AtomicInteger crlDownloads = new AtomicInteger();

	static KeyPair forger;

	MutableClock clock;

	@BeforeAll
	static void start() throws Exception {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		String base = "http://127.0.0.1:" + server.getAddress().getPort();
		server.createContext("/crl", (exchange) -> answer(exchange, "application/pkix-crl", true));
		server.createContext("/ocsp", (exchange) -> answer(exchange, "application/ocsp-response", false));
		server.createContext("/crl-only", (exchange) -> {
			byte[] body = crlOnly.crl();
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		// a slow answer must not hold up the next test's requests
		server.setExecutor(Executors.newCachedThreadPool());
		server.start();
		ca = TestJpkiCa.create(base + "/crl", base + "/ocsp");
		crlOnly = TestJpkiCa.create(base + "/crl-only", null);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		forger = generator.generateKeyPair();
	}

	@AfterAll
	static void stop() {
		server.stop(0);
	}

	@BeforeEach
	void setUp() {
		mode = Mode.REAL;
		crlDownloads.set(0);
		this.clock = new MutableClock();
	}

	static void answer(HttpExchange exchange, String type, boolean crl) throws IOException {
		byte[] request;
		try (InputStream in = exchange.getRequestBody()) {
			request = in.readAllBytes();
		}
		byte[] body;
		try {
			if (crl) {
				crlDownloads.incrementAndGet();
			}
			switch (mode) {
				case DOWN -> {
					exchange.sendResponseHeaders(503, -1);
					exchange.close();
					return;
				}
				case SLOW -> {
					Thread.sleep(8000);
					body = crl ? ca.crl() : ca.ocspResponse(request);
				}
				case FORGED -> body = crl ? forgedCrl() : forgedOcsp(request);
				default -> body = crl ? ca.crl() : ca.ocspResponse(request);
			}
		}
		catch (Exception ex) {
			exchange.sendResponseHeaders(500, -1);
			exchange.close();
			return;
		}
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/** An empty CRL in the CA's name, signed by another key. */
	static byte[] forgedCrl() throws Exception {
		X509v2CRLBuilder builder = new X509v2CRLBuilder(
				X500Name.getInstance(ca.trustAnchor().getSubjectX500Principal().getEncoded()), new Date());
		builder.setNextUpdate(Date.from(Instant.now().plus(Duration.ofDays(1))));
		return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(forger.getPrivate())).getEncoded();
	}

	/** "good" for everything asked, nonce echoed, signed by another key. */
	static byte[] forgedOcsp(byte[] request) throws Exception {
		OCSPReq ocspRequest = new OCSPReq(request);
		BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(forger.getPublic(),
				new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1));
		for (Req single : ocspRequest.getRequestList()) {
			builder.addResponse(single.getCertID(), CertificateStatus.GOOD);
		}
		Extension nonce = ocspRequest.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
		if (nonce != null) {
			builder.setResponseExtensions(new Extensions(nonce));
		}
		return new OCSPRespBuilder()
			.build(OCSPRespBuilder.SUCCESSFUL,
					builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(forger.getPrivate()), null,
							new Date()))
			.getEncoded();
	}

	RevocationChecker checker(String method, Duration refresh) {
		return new RevocationChecker(
				new JpkiProperties(null, null, null, null, null, null,
						new JpkiProperties.Revocation(method, Duration.ofSeconds(2), Duration.ofSeconds(5), refresh)),
				this.clock);
	}

	Status check(RevocationChecker checker, TestJpkiCa ca, Persona persona) {
		return checker.check(ca.certificate(persona), ca.trustAnchor()).block();
	}

	@Test
	void theCrlIsCachedAndRefreshedAndAStaleOneFailsClosed() {
		RevocationChecker checker = checker("crl", Duration.ofHours(1));
		assertThat(check(checker, ca, Persona.VALID).state()).isEqualTo(State.GOOD);
		assertThat(check(checker, ca, Persona.MOVED).state()).isEqualTo(State.REVOKED);
		assertThat(crlDownloads).as("one download serves both").hasValue(1);

		// due for refresh but the CA is down: the cached CRL is still before its
		// nextUpdate
		this.clock.advance(Duration.ofHours(2));
		mode = Mode.DOWN;
		assertThat(check(checker, ca, Persona.VALID).state()).isEqualTo(State.GOOD);
		assertThat(crlDownloads).as("a refresh was attempted").hasValue(2);

		// past nextUpdate (one day) and still down: no answer is trusted
		this.clock.advance(Duration.ofDays(1));
		Status stale = check(checker, ca, Persona.VALID);
		assertThat(stale.state()).isEqualTo(State.UNAVAILABLE);
		assertThat(stale.method()).isEqualTo("crl");
		assertThat(stale.evidence()).isNull();
	}

	@Test
	void aCrlIsFetchedAgainAtItsNextUpdateEvenWhenTheRefreshIntervalIsLonger() {
		RevocationChecker checker = checker("crl", Duration.ofDays(7));
		assertThat(check(checker, ca, Persona.VALID).state()).isEqualTo(State.GOOD);
		this.clock.advance(Duration.ofHours(12));
		assertThat(check(checker, ca, Persona.VALID).state()).isEqualTo(State.GOOD);
		assertThat(crlDownloads).hasValue(1);
		this.clock.advance(Duration.ofHours(13));
		check(checker, ca, Persona.VALID);
		assertThat(crlDownloads).as("fetched again after nextUpdate").hasValue(2);
	}

	@Test
	void aCrlNotSignedByTheIssuerIsNotBelieved() {
		mode = Mode.FORGED;
		Status status = check(checker("crl", Duration.ofDays(1)), ca, Persona.MOVED);
		assertThat(status.state()).isEqualTo(State.UNAVAILABLE);
	}

	@Test
	void anOcspAnswerNotSignedByTheIssuerIsNotBelieved() {
		mode = Mode.FORGED;
		Status status = check(checker("ocsp", Duration.ofDays(1)), ca, Persona.MOVED);
		assertThat(status.state()).isEqualTo(State.UNAVAILABLE);
		assertThat(status.method()).isEqualTo("ocsp");
	}

	@Test
	void aSlowOcspResponderTimesOutAndFailsClosed() {
		mode = Mode.SLOW;
		Status status = check(checker("ocsp", Duration.ofDays(1)), ca, Persona.VALID);
		assertThat(status.state()).isEqualTo(State.UNAVAILABLE);
		assertThat(status.method()).isEqualTo("ocsp");
	}

	@Test
	void ocspFallsBackToTheCrlOnlyWhenTheCertificateNamesNoResponder() {
		Status status = check(checker("ocsp", Duration.ofDays(1)), crlOnly, Persona.MOVED);
		assertThat(status.state()).isEqualTo(State.REVOKED);
		assertThat(status.method()).isEqualTo("crl");
		assertThat(status.reason()).isEqualTo(RevocationReason.AFFILIATION_CHANGED);
		Status ocsp = check(checker("ocsp", Duration.ofDays(1)), ca, Persona.MOVED);
		assertThat(ocsp.method()).isEqualTo("ocsp");
		assertThat(ocsp.state()).isEqualTo(State.REVOKED);
	}

	@Test
	void aCertificateNamingNoRevocationSourceCannotBeChecked() {
		TestJpkiCa bare = TestJpkiCa.untrusted();
		Status status = checker("crl", Duration.ofDays(1)).check(bare.certificate(Persona.VALID), bare.trustAnchor())
			.block();
		assertThat(status.state()).isEqualTo(State.UNAVAILABLE);
	}

	@Test
	void anUnreachableHostFailsClosed() {
		TestJpkiCa nowhere = TestJpkiCa.create("http://127.0.0.1:9/crl", "http://127.0.0.1:9/ocsp");
		assertThat(check(checker("crl", Duration.ofDays(1)), nowhere, Persona.VALID).state())
			.isEqualTo(State.UNAVAILABLE);
		assertThat(check(checker("ocsp", Duration.ofDays(1)), nowhere, Persona.VALID).state())
			.isEqualTo(State.UNAVAILABLE);
	}

}
