package jp.tenohira.portal.jpki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.ChannelOption;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Whether a signature certificate is revoked (失効確認), by the CRL its distribution point
 * names or by the OCSP responder its AIA names. Fails closed: a source that cannot be
 * reached, an answer whose signature does not check, a stale CRL or an OCSP
 * {@code unknown} all give {@link State#UNAVAILABLE}, never "good". CRLs are cached and
 * fetched again after {@code crlRefresh} or at their nextUpdate, whichever comes first.
 * Logs name certificates by serial only (subjects are personal data).
 */
@Component
class RevocationChecker {

	private static final Logger logger = LoggerFactory.getLogger(RevocationChecker.class);

	/** Clock difference tolerated between the portal and the CA. */
	private static final Duration SKEW = Duration.ofMinutes(5);

	/** How old an OCSP answer without our nonce (or without nextUpdate) may be. */
	private static final Duration MAX_UNBOUND_AGE = Duration.ofDays(1);

	/** Largest CRL accepted (J-LIS publishes large CRLs). */
	private static final int MAX_CRL_BYTES = 64 * 1024 * 1024;

	private static final MediaType OCSP_REQUEST = MediaType.parseMediaType("application/ocsp-request");

	private static final MediaType OCSP_RESPONSE = MediaType.parseMediaType("application/ocsp-response");

	private static final MediaType PKIX_CRL = MediaType.parseMediaType("application/pkix-crl");

	private final WebClient web;

	private final JpkiProperties.Revocation settings;

	private final java.time.Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final Map<String, CachedCrl> crls = new ConcurrentHashMap<>();

	private final Map<String, Mono<CachedCrl>> downloads = new ConcurrentHashMap<>();

	RevocationChecker(JpkiProperties properties, java.time.Clock clock) {
		this.settings = properties.revocation();
		this.clock = clock;
		Duration connect = min(this.settings.ocspTimeout(), this.settings.crlTimeout());
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connect.toMillis())
			.responseTimeout(max(this.settings.ocspTimeout(), this.settings.crlTimeout()));
		this.web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_CRL_BYTES))
			.build();
	}

	/** How a revocation check ended. */
	enum State {

		GOOD, REVOKED, UNAVAILABLE

	}

	/**
	 * A revocation check's result.
	 *
	 * @param state good, revoked or unavailable
	 * @param reason why it was revoked (REVOKED only)
	 * @param method {@code crl} or {@code ocsp}
	 * @param evidence the CRL or OCSP response (DER) relied on, {@code null} when none
	 */
	record Status(State state, RevocationReason reason, String method, byte[] evidence) {

		static Status unavailable(String method, byte[] evidence) {
			return new Status(State.UNAVAILABLE, null, method, evidence);
		}

	}

	/**
	 * Checks the certificate, issued by {@code issuer}, as of now. Never fails: every
	 * problem is {@link State#UNAVAILABLE}.
	 */
	Mono<Status> check(X509Certificate certificate, X509Certificate issuer) {
		String serial = SignatureCheck.CertificateDetails.serialHex(certificate.getSerialNumber());
		String ocspUrl;
		String crlUrl;
		try {
			ocspUrl = ocspUrl(certificate);
			crlUrl = crlUrl(certificate);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Certificate {} has unreadable revocation extensions: {}", serial, ex.toString());
			return Mono.just(Status.unavailable(method(), null));
		}
		if ("ocsp".equalsIgnoreCase(this.settings.method()) && ocspUrl != null) {
			return ocsp(certificate, issuer, ocspUrl, serial);
		}
		if (crlUrl != null) {
			return crl(certificate, issuer, crlUrl, serial);
		}
		logger.warn("Certificate {} names no {} to check revocation with", serial,
				"ocsp".equalsIgnoreCase(this.settings.method()) ? "OCSP responder or CRL" : "CRL");
		return Mono.just(Status.unavailable(method(), null));
	}

	private String method() {
		return "ocsp".equalsIgnoreCase(this.settings.method()) ? "ocsp" : "crl";
	}

	// CRL

	/** A verified CRL with when it was fetched. */
	private record CachedCrl(X509CRL crl, byte[] der, Instant fetchedAt) {

		Instant nextUpdate() {
			return (this.crl.getNextUpdate() != null) ? this.crl.getNextUpdate().toInstant() : null;
		}

		boolean usableAt(Instant now) {
			return nextUpdate() == null || !now.isAfter(nextUpdate());
		}

		Instant refreshAt(Duration refresh) {
			Instant byAge = this.fetchedAt.plus(refresh);
			return (nextUpdate() != null && nextUpdate().isBefore(byAge)) ? nextUpdate() : byAge;
		}

	}

	private Mono<Status> crl(X509Certificate certificate, X509Certificate issuer, String url, String serial) {
		String key = url + " " + issuer.getSubjectX500Principal().getName();
		Instant now = this.clock.instant();
		CachedCrl cached = this.crls.get(key);
		Mono<CachedCrl> current;
		if (cached != null && now.isBefore(cached.refreshAt(this.settings.crlRefresh()))) {
			current = Mono.just(cached);
		}
		else {
			// one download per CRL at a time: checks arriving meanwhile wait for the
			// same one
			current = this.downloads
				.computeIfAbsent(key,
						(k) -> download(url, issuer).doOnNext((fresh) -> this.crls.put(key, fresh))
							.doFinally((signal) -> this.downloads.remove(key))
							.cache())
				.onErrorResume((ex) -> {
					if (cached != null && cached.usableAt(this.clock.instant())) {
						logger.warn("CRL {} could not be refreshed ({}); the cached one is valid until {}", url,
								ex.toString(), cached.nextUpdate());
						return Mono.just(cached);
					}
					logger.warn("CRL {} unavailable for certificate {}: {}", url, serial, ex.toString());
					return Mono.empty();
				});
		}
		return current.publishOn(Schedulers.boundedElastic())
			.map((crl) -> lookUp(crl, certificate))
			.defaultIfEmpty(Status.unavailable("crl", null));
	}

	private Status lookUp(CachedCrl cached, X509Certificate certificate) {
		if (!cached.usableAt(this.clock.instant())) {
			return Status.unavailable("crl", null);
		}
		X509CRLEntry entry = cached.crl().getRevokedCertificate(certificate.getSerialNumber());
		if (entry == null) {
			return new Status(State.GOOD, null, "crl", cached.der());
		}
		return new Status(State.REVOKED, RevocationReason.of(entry.getRevocationReason()), "crl", cached.der());
	}

	private Mono<CachedCrl> download(String url, X509Certificate issuer) {
		return this.web.get()
			.uri(URI.create(url))
			.accept(PKIX_CRL, MediaType.APPLICATION_OCTET_STREAM)
			.retrieve()
			.bodyToMono(byte[].class)
			.timeout(this.settings.crlTimeout())
			.publishOn(Schedulers.boundedElastic())
			.map((der) -> verifiedCrl(der, issuer));
	}

	private CachedCrl verifiedCrl(byte[] der, X509Certificate issuer) {
		try {
			X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
			if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
				throw new IllegalStateException("CRL issued by another CA");
			}
			crl.verify(issuer.getPublicKey());
			Instant now = this.clock.instant();
			if (crl.getThisUpdate().toInstant().isAfter(now.plus(SKEW))) {
				throw new IllegalStateException("CRL thisUpdate is in the future");
			}
			CachedCrl fresh = new CachedCrl(crl, der, now);
			if (!fresh.usableAt(now)) {
				throw new IllegalStateException("CRL is past its nextUpdate " + fresh.nextUpdate());
			}
			return fresh;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("CRL signature or encoding invalid: " + ex.getMessage(), ex);
		}
	}

	static String crlUrl(X509Certificate certificate) throws IOException {
		byte[] value = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
		if (value == null) {
			return null;
		}
		CRLDistPoint points = CRLDistPoint.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value));
		for (DistributionPoint point : points.getDistributionPoints()) {
			DistributionPointName name = point.getDistributionPoint();
			if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
				String url = httpUrl(GeneralNames.getInstance(name.getName()).getNames());
				if (url != null) {
					return url;
				}
			}
		}
		return null;
	}

	// OCSP

	/** An OCSP request as sent, to match the answer against. */
	private record OcspRequest(byte[] der, CertificateID id, byte[] nonce) {
	}

	private Mono<Status> ocsp(X509Certificate certificate, X509Certificate issuer, String url, String serial) {
		return Mono.fromCallable(() -> ocspRequest(certificate, issuer))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((request) -> this.web.post()
				.uri(URI.create(url))
				.contentType(OCSP_REQUEST)
				.accept(OCSP_RESPONSE)
				.bodyValue(request.der())
				.retrieve()
				.bodyToMono(byte[].class)
				.timeout(this.settings.ocspTimeout())
				.publishOn(Schedulers.boundedElastic())
				.map((der) -> ocspStatus(der, request, issuer, serial)))
			.onErrorResume((ex) -> {
				logger.warn("OCSP {} unavailable for certificate {}: {}", url, serial, ex.toString());
				return Mono.just(Status.unavailable("ocsp", null));
			});
	}

	private OcspRequest ocspRequest(X509Certificate certificate, X509Certificate issuer) throws Exception {
		CertificateID id = new CertificateID(
				new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
				new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
		byte[] nonce = new byte[16];
		this.random.nextBytes(nonce);
		OCSPReq request = new OCSPReqBuilder().addRequest(id)
			.setRequestExtensions(new Extensions(
					new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce))))
			.build();
		return new OcspRequest(request.getEncoded(), id, nonce);
	}

	private Status ocspStatus(byte[] der, OcspRequest request, X509Certificate issuer, String serial) {
		try {
			OCSPResp response = new OCSPResp(der);
			if (response.getStatus() != OCSPResp.SUCCESSFUL) {
				throw new IllegalStateException("OCSP response status " + response.getStatus());
			}
			BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
			Instant now = this.clock.instant();
			verifyResponder(basic, issuer, now);
			checkNonce(basic, request.nonce());
			for (SingleResp single : basic.getResponses()) {
				if (!single.getCertID().equals(request.id())) {
					continue;
				}
				if (single.getThisUpdate().toInstant().isAfter(now.plus(SKEW)) || (single.getNextUpdate() != null
						&& single.getNextUpdate().toInstant().plus(SKEW).isBefore(now))) {
					throw new IllegalStateException("OCSP response not current");
				}
				// an answer that is not bound to this request by our nonce, or that
				// says nothing of when it expires, could be an old one replayed: it
				// must be recent
				boolean bound = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce) != null;
				if ((!bound || single.getNextUpdate() == null)
						&& single.getThisUpdate().toInstant().isBefore(now.minus(MAX_UNBOUND_AGE))) {
					throw new IllegalStateException("OCSP response too old to trust without a nonce");
				}
				CertificateStatus status = single.getCertStatus();
				if (status == CertificateStatus.GOOD) {
					return new Status(State.GOOD, null, "ocsp", der);
				}
				if (status instanceof RevokedStatus revoked) {
					RevocationReason reason = revoked.hasRevocationReason()
							? RevocationReason.ofCode(revoked.getRevocationReason()) : RevocationReason.OTHER;
					return new Status(State.REVOKED, reason, "ocsp", der);
				}
				if (status instanceof UnknownStatus) {
					logger.warn("OCSP responder does not know certificate {}", serial);
				}
				return Status.unavailable("ocsp", der);
			}
			throw new IllegalStateException("OCSP response does not answer for the certificate");
		}
		catch (IOException | OCSPException ex) {
			throw new IllegalStateException("OCSP response unreadable: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The response must be signed by the issuing CA itself or by a responder certificate
	 * the CA issued for OCSP signing that is valid now.
	 */
	private static void verifyResponder(BasicOCSPResp basic, X509Certificate issuer, Instant now) {
		try {
			JcaContentVerifierProviderBuilder verifiers = new JcaContentVerifierProviderBuilder();
			X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
			X509CertificateHolder[] certificates = basic.getCerts();
			X509CertificateHolder signer = issuerHolder;
			if (certificates.length > 0
					&& !certificates[0].getSubjectPublicKeyInfo().equals(issuerHolder.getSubjectPublicKeyInfo())) {
				X509CertificateHolder responder = certificates[0];
				if (!responder.getIssuer().equals(issuerHolder.getSubject())
						|| !responder.isSignatureValid(verifiers.build(issuerHolder))
						|| !responder.isValidOn(Date.from(now))) {
					throw new IllegalStateException("OCSP responder certificate not issued by the CA or not valid");
				}
				org.bouncycastle.asn1.x509.ExtendedKeyUsage usage = org.bouncycastle.asn1.x509.ExtendedKeyUsage
					.fromExtensions(responder.getExtensions());
				if (usage == null || !usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)) {
					throw new IllegalStateException("OCSP responder certificate not for OCSP signing");
				}
				signer = responder;
			}
			if (!basic.isSignatureValid(verifiers.build(signer))) {
				throw new IllegalStateException("OCSP response signature invalid");
			}
		}
		catch (OperatorCreationException | OCSPException | GeneralSecurityException
				| org.bouncycastle.cert.CertException ex) {
			throw new IllegalStateException("OCSP response signature could not be checked: " + ex.getMessage(), ex);
		}
	}

	private static void checkNonce(BasicOCSPResp basic, byte[] nonce) throws IOException {
		Extension extension = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
		if (extension == null) {
			// responders that pre-produce answers send no nonce; freshness is
			// checked instead
			return;
		}
		byte[] value = extension.getExtnValue().getOctets();
		boolean matches = Arrays.equals(value, nonce);
		if (!matches) {
			ASN1Primitive parsed = ASN1Primitive.fromByteArray(value);
			matches = parsed instanceof ASN1OctetString octets && Arrays.equals(octets.getOctets(), nonce);
		}
		if (!matches) {
			throw new IllegalStateException("OCSP response nonce does not match the request");
		}
	}

	static String ocspUrl(X509Certificate certificate) throws IOException {
		byte[] value = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
		if (value == null) {
			return null;
		}
		AuthorityInformationAccess access = AuthorityInformationAccess
			.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value));
		for (AccessDescription description : access.getAccessDescriptions()) {
			if (AccessDescription.id_ad_ocsp.equals(description.getAccessMethod())) {
				String url = httpUrl(new GeneralName[] { description.getAccessLocation() });
				if (url != null) {
					return url;
				}
			}
		}
		return null;
	}

	private static String httpUrl(GeneralName[] names) {
		for (GeneralName name : names) {
			if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
				String url = name.getName().toString();
				if (url.startsWith("http://") || url.startsWith("https://")) {
					return url;
				}
			}
		}
		return null;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
