package jp.tenohira.portal.jpki.simulator;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A stand-in for the J-LIS signature certificate authority (署名用電子証明書の発行者), usable on its
 * own in verifier unit tests or behind {@link DigitalAuthSimulator}.
 * <p>
 * It has an RSA 2048 root {@value #ROOT_SUBJECT} and one RSA 2048 signature certificate
 * per {@link Persona} that has one (not {@link Persona#UNDER15}): key usage
 * nonRepudiation and digitalSignature, a subject and subject alternative name with
 * nothing personal in them, and, when URLs were given, a CRL distribution point and an
 * OCSP responder in the authority information access. {@link Persona#EXPIRED}'s
 * certificate ended yesterday; {@link Persona#MOVED}'s is revoked (affiliationChanged) in
 * the CRL and the OCSP answers.
 * <p>
 * Key pairs are generated once per JVM and role and shared by every instance (RSA key
 * generation is slow), so two instances are the same CA with different certificates.
 * {@link #untrusted()} has keys of its own.
 */
public final class TestJpkiCa {

	/** Subject (and issuer) of the test root. */
	public static final String ROOT_SUBJECT = "CN=Test JPKI Signature CA, O=Tenohira Test, C=JP";

	/** Subject of the CA no trust anchor names. */
	public static final String UNTRUSTED_ROOT_SUBJECT = "CN=Untrusted Signature CA, O=Tenohira Test, C=JP";

	private static final Map<String, KeyPair> KEYS = new HashMap<>();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static TestJpkiCa untrusted;

	private final String crlUrl;

	private final String ocspUrl;

	private final KeyPair rootKeys;

	private final X509Certificate root;

	private final X509CertificateHolder rootHolder;

	private final Map<Persona, KeyPair> keys = new EnumMap<>(Persona.class);

	private final Map<Persona, X509Certificate> certificates = new EnumMap<>(Persona.class);

	private final Map<BigInteger, Revocation> revoked = new ConcurrentHashMap<>();

	private final AtomicLong crlNumber = new AtomicLong();

	private record Revocation(Instant at, int reason) {
	}

	private TestJpkiCa(String rolePrefix, String rootSubject, String crlUrl, String ocspUrl) {
		this.crlUrl = crlUrl;
		this.ocspUrl = ocspUrl;
		Instant now = Instant.now();
		try {
			this.rootKeys = keyPair(rolePrefix + "root");
			X500Name rootName = new X500Name(rootSubject);
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(rootName, serial(),
					Date.from(now.minus(Duration.ofDays(365))), Date.from(now.plus(Duration.ofDays(3650))), rootName,
					this.rootKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(this.rootKeys.getPublic()));
			this.root = certificate(builder.build(signer(this.rootKeys.getPrivate())));
			this.rootHolder = new JcaX509CertificateHolder(this.root);
			for (Persona persona : Persona.values()) {
				if (persona.hasSignatureCertificate()) {
					KeyPair personaKeys = keyPair(rolePrefix + persona.id());
					this.keys.put(persona, personaKeys);
					this.certificates.put(persona, issue(persona, personaKeys, extensions, now));
				}
			}
		}
		catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not set up the test CA", ex);
		}
		this.revoked.put(this.certificates.get(Persona.MOVED).getSerialNumber(),
				new Revocation(now.minus(Duration.ofHours(1)), CRLReason.affiliationChanged));
	}

	/**
	 * A CA whose signature certificates point to the given CRL and OCSP URLs (either may
	 * be {@code null} to leave the extension out).
	 */
	public static TestJpkiCa create(String crlUrl, String ocspUrl) {
		return new TestJpkiCa("", ROOT_SUBJECT, crlUrl, ocspUrl);
	}

	/**
	 * A second CA, with its own keys and {@value #UNTRUSTED_ROOT_SUBJECT} as root, that
	 * no trust anchor names ("wrong certificate" tests). Its certificates carry no CRL or
	 * OCSP URLs.
	 */
	public static synchronized TestJpkiCa untrusted() {
		if (untrusted == null) {
			untrusted = new TestJpkiCa("untrusted-", UNTRUSTED_ROOT_SUBJECT, null, null);
		}
		return untrusted;
	}

	/** The root certificate (the trust anchor). */
	public X509Certificate trustAnchor() {
		return this.root;
	}

	/** The root certificate as PEM. */
	public String trustAnchorPem() {
		try {
			return pem(this.root.getEncoded());
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Where the signature certificates say the CRL is, or {@code null}. */
	public String crlUrl() {
		return this.crlUrl;
	}

	/** Where the signature certificates say the OCSP responder is, or {@code null}. */
	public String ocspUrl() {
		return this.ocspUrl;
	}

	/**
	 * The persona's signature private key.
	 * @throws IllegalArgumentException for {@link Persona#UNDER15}, who has none
	 */
	public PrivateKey key(Persona persona) {
		return personaKeys(persona).getPrivate();
	}

	/**
	 * The persona's signature certificate.
	 * @throws IllegalArgumentException for {@link Persona#UNDER15}, who has none
	 */
	public X509Certificate certificate(Persona persona) {
		personaKeys(persona);
		return this.certificates.get(persona);
	}

	/**
	 * An authentication certificate (利用者証明用) for the persona's key, from the same CA:
	 * digitalSignature only, no nonRepudiation. It must never pass for a signature
	 * certificate.
	 */
	public X509Certificate authenticationCertificate(Persona persona) {
		KeyPair keys = personaKeys(persona);
		try {
			Instant now = Instant.now();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.root, serial(),
					Date.from(now.minus(Duration.ofDays(30))), Date.from(now.plus(Duration.ofDays(365))),
					new X500Name("CN=JPKI Test User " + persona.id() + ", O=Tenohira Test, C=JP"), keys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			return certificate(builder.build(signer(this.rootKeys.getPrivate())));
		}
		catch (IOException | GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Signs a SHA-256 digest as the card does: RSA PKCS#1 v1.5 over DigestInfo(SHA-256,
	 * digest), so {@code SHA256withRSA} verifies it against the original document.
	 * @throws IllegalArgumentException for {@link Persona#UNDER15} or a digest that is
	 * not 32 bytes
	 */
	public byte[] sign(Persona persona, byte[] sha256) {
		if (sha256 == null || sha256.length != 32) {
			throw new IllegalArgumentException("A SHA-256 digest has 32 bytes");
		}
		PrivateKey key = key(persona);
		try {
			byte[] digestInfo = new DigestInfo(
					new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), sha256)
				.getEncoded(ASN1Encoding.DER);
			Signature signature = Signature.getInstance("NONEwithRSA");
			signature.initSign(key);
			signature.update(digestInfo);
			return signature.sign();
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Could not sign", ex);
		}
	}

	/**
	 * Revokes a persona's certificate as well (only on an instance of your own: the
	 * simulator's CA is shared). {@link Persona#MOVED} starts revoked.
	 * @param reasonCode a {@link CRLReason} code, for example
	 * {@link CRLReason#superseded}
	 */
	public void revoke(Persona persona, int reasonCode) {
		this.revoked.put(certificate(persona).getSerialNumber(), new Revocation(Instant.now(), reasonCode));
	}

	/**
	 * A fresh DER CRL signed by the root: every revoked certificate with its reason,
	 * thisUpdate now, nextUpdate in one day.
	 */
	public byte[] crl() {
		Instant now = Instant.now();
		try {
			X509v2CRLBuilder builder = new X509v2CRLBuilder(this.rootHolder.getSubject(), Date.from(now));
			builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
			this.revoked.forEach((serial, revocation) -> builder.addCRLEntry(serial, Date.from(revocation.at()),
					revocation.reason()));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(this.root));
			builder.addExtension(Extension.cRLNumber, false,
					new CRLNumber(BigInteger.valueOf(this.crlNumber.incrementAndGet())));
			return builder.build(signer(this.rootKeys.getPrivate())).getEncoded();
		}
		catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not issue the CRL", ex);
		}
	}

	/**
	 * Answers a DER OCSP request: for each certificate asked about, good, revoked (with
	 * its reason) or unknown (another issuer or a serial this CA never issued), signed by
	 * the root; the request's nonce is echoed. A request that does not parse gets
	 * malformedRequest.
	 */
	public byte[] ocspResponse(byte[] request) {
		try {
			OCSPReq ocspRequest;
			try {
				ocspRequest = new OCSPReq(request);
			}
			catch (IOException | RuntimeException ex) {
				return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
			}
			DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
			BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(this.rootKeys.getPublic(),
					digests.get(CertificateID.HASH_SHA1));
			Instant now = Instant.now();
			Date thisUpdate = Date.from(now);
			Date nextUpdate = Date.from(now.plus(Duration.ofDays(1)));
			Req[] requests = ocspRequest.getRequestList();
			if (requests.length == 0) {
				return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
			}
			for (Req single : requests) {
				CertificateID id = single.getCertID();
				builder.addResponse(id, status(id, digests), thisUpdate, nextUpdate, null);
			}
			Extension nonce = ocspRequest.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
			if (nonce != null) {
				builder.setResponseExtensions(new Extensions(nonce));
			}
			BasicOCSPResp basic = builder.build(signer(this.rootKeys.getPrivate()),
					new X509CertificateHolder[] { this.rootHolder }, thisUpdate);
			OCSPResp response = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic);
			return response.getEncoded();
		}
		catch (OCSPException | IOException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not answer the OCSP request", ex);
		}
	}

	private CertificateStatus status(CertificateID id, DigestCalculatorProvider digests) throws OCSPException {
		if (!id.matchesIssuer(this.rootHolder, digests) || !issued(id.getSerialNumber())) {
			return new UnknownStatus();
		}
		Revocation revocation = this.revoked.get(id.getSerialNumber());
		if (revocation == null) {
			return CertificateStatus.GOOD;
		}
		return new RevokedStatus(Date.from(revocation.at()), revocation.reason());
	}

	private boolean issued(BigInteger serial) {
		return this.certificates.values()
			.stream()
			.anyMatch((certificate) -> certificate.getSerialNumber().equals(serial));
	}

	private KeyPair personaKeys(Persona persona) {
		KeyPair pair = this.keys.get(persona);
		if (pair == null) {
			throw new IllegalArgumentException("Persona " + persona.id() + " has no signature certificate");
		}
		return pair;
	}

	private X509Certificate issue(Persona persona, KeyPair personaKeys, JcaX509ExtensionUtils extensions, Instant now)
			throws IOException, GeneralSecurityException, OperatorCreationException {
		Instant notBefore = (persona == Persona.EXPIRED) ? now.minus(Duration.ofDays(5 * 365 + 1))
				: now.minus(Duration.ofDays(30));
		Instant notAfter = (persona == Persona.EXPIRED) ? now.minus(Duration.ofDays(1))
				: now.plus(Duration.ofDays(4 * 365));
		X500Name subject = new X500Name("CN=JPKI Test Signer " + persona.id() + ", O=Tenohira Test, C=JP");
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.root, serial(), Date.from(notBefore),
				Date.from(notAfter), subject, personaKeys.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true,
				new KeyUsage(KeyUsage.nonRepudiation | KeyUsage.digitalSignature));
		builder.addExtension(Extension.subjectKeyIdentifier, false,
				extensions.createSubjectKeyIdentifier(personaKeys.getPublic()));
		builder.addExtension(Extension.authorityKeyIdentifier, false,
				extensions.createAuthorityKeyIdentifier(this.root));
		builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
				new GeneralName(GeneralName.uniformResourceIdentifier, "urn:tenohira:test:jpki:" + persona.id())));
		if (this.crlUrl != null) {
			GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, this.crlUrl));
			builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(
					new DistributionPoint[] { new DistributionPoint(new DistributionPointName(names), null, null) }));
		}
		if (this.ocspUrl != null) {
			builder.addExtension(Extension.authorityInfoAccess, false,
					new AuthorityInformationAccess(AccessDescription.id_ad_ocsp,
							new GeneralName(GeneralName.uniformResourceIdentifier, this.ocspUrl)));
		}
		return certificate(builder.build(signer(this.rootKeys.getPrivate())));
	}

	private static X509Certificate certificate(X509CertificateHolder holder) throws GeneralSecurityException {
		return new JcaX509CertificateConverter().getCertificate(holder);
	}

	private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
		return new JcaContentSignerBuilder("SHA256withRSA").build(key);
	}

	private static BigInteger serial() {
		return new BigInteger(63, RANDOM).add(BigInteger.ONE);
	}

	private static synchronized KeyPair keyPair(String role) throws GeneralSecurityException {
		KeyPair pair = KEYS.get(role);
		if (pair == null) {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048, RANDOM);
			pair = generator.generateKeyPair();
			KEYS.put(role, pair);
		}
		return pair;
	}

	static String pem(byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
	}

}
