package jp.tenohira.portal.jpki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Service;

import jp.tenohira.portal.jpki.SignatureCheck.CertificateDetails;
import jp.tenohira.portal.jpki.SignatureCheck.Outcome;

/**
 * Checks a JPKI signature the way a 署名検証者 must: the RSA/SHA-256 signature over the
 * document, the certificate's chain to the configured J-LIS trust anchors, its validity
 * and key usage at the check time, then its revocation. The signature is kept as a
 * detached CMS SignedData (no signed attributes, the certificate included), so it can be
 * checked again later from what was stored. The CPU-bound work runs on
 * {@link Schedulers#boundedElastic()}.
 */
@Service
public class SignatureVerifier {

	private static final Logger logger = LoggerFactory.getLogger(SignatureVerifier.class);

	private static final AlgorithmIdentifier SHA256_WITH_RSA = new DefaultSignatureAlgorithmIdentifierFinder()
		.find("SHA256withRSA");

	private final Set<TrustAnchor> anchors;

	private final RevocationChecker revocation;

	private final Clock clock;

	@Autowired
	SignatureVerifier(JpkiProperties properties, RevocationChecker revocation, Clock clock) {
		this(load(properties.trustAnchors()), revocation, clock);
		if (this.anchors.isEmpty() && properties.configured()) {
			logger.warn("portal.jpki.trust-anchors is empty: every signature will be refused as untrusted");
		}
	}

	SignatureVerifier(Collection<X509Certificate> anchors, RevocationChecker revocation, Clock clock) {
		Set<TrustAnchor> set = new LinkedHashSet<>();
		anchors.forEach((anchor) -> set.add(new TrustAnchor(anchor, null)));
		this.anchors = Set.copyOf(set);
		this.revocation = revocation;
		this.clock = clock;
	}

	/**
	 * Checks a signature as the デジタル認証アプリ returned it: builds the detached CMS SignedData
	 * from it, then checks that as {@link #reverify(byte[], byte[])} does, as of now.
	 * @param document the exact bytes whose SHA-256 was signed
	 * @param signature the RSA PKCS#1 v1.5 signature value
	 * @param certificate the signature certificate
	 * @return the check; fails only for unexpected errors, every refusal is an outcome
	 */
	public Mono<SignatureCheck> verify(byte[] document, byte[] signature, X509Certificate certificate) {
		return Mono.fromCallable(() -> cms(document, signature, certificate))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((cms) -> check(document, cms));
	}

	/**
	 * Checks a stored detached CMS SignedData against the document again, as of now
	 * (validity and revocation now, not at the time of signing).
	 * @param document the exact bytes that were signed
	 * @param cmsSignedData the DER of the detached CMS SignedData
	 * @return the check
	 */
	public Mono<SignatureCheck> reverify(byte[] document, byte[] cmsSignedData) {
		return check(document, cmsSignedData);
	}

	/**
	 * The detached CMS SignedData for a raw signature: one signer, no signed attributes
	 * (the signature is over the document itself), SHA256withRSA, the certificate
	 * included.
	 */
	static byte[] cms(byte[] document, byte[] signature, X509Certificate certificate)
			throws CertificateException, OperatorCreationException, CMSException, IOException {
		ContentSigner given = new ContentSigner() {

			@Override
			public AlgorithmIdentifier getAlgorithmIdentifier() {
				return SHA256_WITH_RSA;
			}

			@Override
			public OutputStream getOutputStream() {
				return OutputStream.nullOutputStream();
			}

			@Override
			public byte[] getSignature() {
				return signature.clone();
			}

		};
		CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
		generator
			.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
				.setDirectSignature(true)
				.build(given, certificate));
		generator.addCertificate(new JcaX509CertificateHolder(certificate));
		return generator.generate(new CMSProcessableByteArray(document), false).getEncoded("DER");
	}

	private Mono<SignatureCheck> check(byte[] document, byte[] cms) {
		return Mono.fromCallable(() -> offline(document, cms, this.clock.instant()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((step) -> {
				if (step.result() != null) {
					return Mono.just(step.result());
				}
				return this.revocation.check(step.certificate(), step.issuer())
					.map((status) -> withRevocation(step, status));
			});
	}

	/** The checks that need no network: a result, or the certificate and its issuer. */
	private record Step(SignatureCheck result, byte[] cms, X509Certificate certificate, X509Certificate issuer,
			Instant at) {
	}

	private Step offline(byte[] document, byte[] cms, Instant at) {
		CMSSignedData signed;
		SignerInformation signer;
		try {
			signed = new CMSSignedData(new CMSProcessableByteArray(document), cms);
			Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
			if (signers.size() != 1) {
				return done(Outcome.SIGNATURE_MISMATCH, cms, null, at);
			}
			signer = signers.iterator().next();
		}
		catch (CMSException | RuntimeException ex) {
			logger.warn("Signature not readable as CMS SignedData: {}", ex.toString());
			return done(Outcome.SIGNATURE_MISMATCH, cms, null, at);
		}
		@SuppressWarnings("unchecked")
		Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(signer.getSID());
		if (matches.isEmpty()) {
			return done(Outcome.UNTRUSTED, cms, null, at);
		}
		X509CertificateHolder holder = matches.iterator().next();
		X509Certificate certificate;
		try {
			certificate = new JcaX509CertificateConverter().getCertificate(holder);
		}
		catch (CertificateException ex) {
			return done(Outcome.UNTRUSTED, cms, null, at);
		}
		String serial = CertificateDetails.serialHex(certificate.getSerialNumber());
		if (!signatureMatches(signer, holder)) {
			logger.info("Signature with certificate {} does not match the document", serial);
			return done(Outcome.SIGNATURE_MISMATCH, cms, certificate, at);
		}
		X509Certificate issuer;
		try {
			PKIXParameters parameters = new PKIXParameters(this.anchors);
			parameters.setRevocationEnabled(false);
			parameters.setDate(Date.from(at));
			PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
				.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
			issuer = result.getTrustAnchor().getTrustedCert();
		}
		catch (CertPathValidatorException ex) {
			Outcome outcome = Outcome.UNTRUSTED;
			if (ex.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
				outcome = Outcome.EXPIRED;
			}
			else if (ex.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
				outcome = Outcome.NOT_YET_VALID;
			}
			logger.info("Certificate {} refused: {} ({})", serial, outcome, ex.getReason());
			return done(outcome, cms, certificate, at);
		}
		catch (InvalidAlgorithmParameterException ex) {
			// no trust anchors configured
			return done(Outcome.UNTRUSTED, cms, certificate, at);
		}
		catch (GeneralSecurityException ex) {
			logger.warn("Certificate {} path not checkable: {}", serial, ex.toString());
			return done(Outcome.UNTRUSTED, cms, certificate, at);
		}
		try {
			certificate.checkValidity(Date.from(at));
		}
		catch (java.security.cert.CertificateExpiredException ex) {
			return done(Outcome.EXPIRED, cms, certificate, at);
		}
		catch (java.security.cert.CertificateNotYetValidException ex) {
			return done(Outcome.NOT_YET_VALID, cms, certificate, at);
		}
		// a signature certificate (署名用) has nonRepudiation; an authentication
		// certificate (利用者証明用) does not, and must never pass for one
		boolean[] usage = certificate.getKeyUsage();
		if (usage == null || usage.length < 2 || !usage[1]) {
			logger.info("Certificate {} may not sign (key usage)", serial);
			return done(Outcome.UNTRUSTED, cms, certificate, at);
		}
		return new Step(null, cms, certificate, issuer, at);
	}

	private static boolean signatureMatches(SignerInformation signer, X509CertificateHolder holder) {
		ASN1ObjectIdentifier digest = signer.getDigestAlgOID() != null
				? new ASN1ObjectIdentifier(signer.getDigestAlgOID()) : null;
		String encryption = signer.getEncryptionAlgOID();
		if (!NISTObjectIdentifiers.id_sha256.equals(digest)
				|| !(PKCSObjectIdentifiers.rsaEncryption.getId().equals(encryption)
						|| PKCSObjectIdentifiers.sha256WithRSAEncryption.getId().equals(encryption))) {
			return false;
		}
		try {
			return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(holder));
		}
		catch (CMSException | OperatorCreationException | CertificateException | RuntimeException ex) {
			return false;
		}
	}

	private static SignatureCheck withRevocation(Step step, RevocationChecker.Status status) {
		Outcome outcome = switch (status.state()) {
			case GOOD -> Outcome.VALID;
			case REVOKED -> Outcome.REVOKED;
			case UNAVAILABLE -> Outcome.REVOCATION_UNAVAILABLE;
		};
		return new SignatureCheck(outcome, (outcome == Outcome.REVOKED) ? status.reason() : null, step.cms(),
				status.evidence(), status.method(), CertificateDetails.of(step.certificate()), step.at());
	}

	private static Step done(Outcome outcome, byte[] cms, X509Certificate certificate, Instant at) {
		return new Step(
				new SignatureCheck(outcome, null, cms, null, null,
						(certificate != null) ? CertificateDetails.of(certificate) : null, at),
				cms, certificate, null, at);
	}

	private static List<X509Certificate> load(List<Resource> resources) {
		List<X509Certificate> certificates = new ArrayList<>();
		for (Resource resource : resources) {
			try (InputStream in = resource.getInputStream()) {
				for (java.security.cert.Certificate certificate : CertificateFactory.getInstance("X.509")
					.generateCertificates(in)) {
					certificates.add((X509Certificate) certificate);
				}
			}
			catch (IOException | CertificateException ex) {
				throw new IllegalStateException(
						"portal.jpki.trust-anchors: cannot read " + resource.getDescription() + ": " + ex.getMessage(),
						ex);
			}
		}
		return certificates;
	}

}
