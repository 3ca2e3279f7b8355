package jp.tenohira.portal.jpki;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jp.tenohira.portal.jpki.SignatureCheck.Outcome;
import jp.tenohira.portal.jpki.simulator.DigitalAuthSimulator;
import jp.tenohira.portal.jpki.simulator.Persona;
import jp.tenohira.portal.jpki.simulator.TestJpkiCa;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signature verification against the simulator's test CA, with revocation checked over
 * real HTTP (the simulator's CRL and OCSP endpoints and their fault switches): every
 * outcome the issue asks for, and re-verification from the stored CMS.
 */
class SignatureVerifierTests {

	private static final DigitalAuthSimulator SIMULATOR = DigitalAuthSimulator.shared();

	private static final byte[] DOCUMENT = "procedure=juminhyo\nversion=1\nname=郡山 太郎\n"
		.getBytes(StandardCharsets.UTF_8);

	private final Clock clock = Clock.systemUTC();

	@AfterEach
	void reset() {
		SIMULATOR.reset();
	}

	static JpkiProperties properties(String method) {
		return new JpkiProperties(null, null, null, null, null, null, new JpkiProperties.Revocation(method,
				Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofDays(1)));
	}

	SignatureVerifier verifier(String method) {
		return new SignatureVerifier(List.of(SIMULATOR.trustAnchor()),
				new RevocationChecker(properties(method), this.clock), this.clock);
	}

	static byte[] sha256(byte[] bytes) throws Exception {
		return MessageDigest.getInstance("SHA-256").digest(bytes);
	}

	static byte[] sign(TestJpkiCa ca, Persona persona, byte[] document) throws Exception {
		return ca.sign(persona, sha256(document));
	}

	SignatureCheck verify(String method, TestJpkiCa ca, Persona persona, byte[] signedDocument, byte[] document)
			throws Exception {
		return verifier(method).verify(document, sign(ca, persona, signedDocument), ca.certificate(persona)).block();
	}

	@Test
	void validSignatureCheckedByCrlKeepsTheCrlAsEvidence() throws Exception {
		SignatureCheck check = verify("crl", SIMULATOR.ca(), Persona.VALID, DOCUMENT, DOCUMENT);
		assertThat(check.outcome()).isEqualTo(Outcome.VALID);
		assertThat(check.valid()).isTrue();
		assertThat(check.revocationMethod()).isEqualTo("crl");
		assertThat(check.revocationReason()).isEmpty();
		X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
			.generateCRL(new ByteArrayInputStream(check.revocationEvidence()));
		crl.verify(SIMULATOR.trustAnchor().getPublicKey());
		assertThat(check.certificate().serialHex())
			.isEqualTo(SIMULATOR.ca().certificate(Persona.VALID).getSerialNumber().toString(16).toUpperCase());
		assertThat(check.certificate().issuer()).contains("CN=Test JPKI Signature CA");
		assertThat(check.certificate().notAfter()).isAfter(check.checkedAt());
		assertThat(check.toString()).doesNotContain(check.certificate().subject());
	}

	@Test
	void validSignatureCheckedByOcspKeepsTheResponseAsEvidence() throws Exception {
		SignatureCheck check = verify("ocsp", SIMULATOR.ca(), Persona.VALID, DOCUMENT, DOCUMENT);
		assertThat(check.outcome()).isEqualTo(Outcome.VALID);
		assertThat(check.revocationMethod()).isEqualTo("ocsp");
		assertThat(new OCSPResp(check.revocationEvidence()).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
	}

	@Test
	void theCmsIsDetachedWithoutSignedAttributesAndCarriesTheCertificate() throws Exception {
		SignatureCheck check = verify("crl", SIMULATOR.ca(), Persona.VALID, DOCUMENT, DOCUMENT);
		CMSSignedData cms = new CMSSignedData(check.cms());
		assertThat(cms.getSignedContent()).as("detached").isNull();
		assertThat(cms.getCertificates().getMatches(null)).hasSize(1);
		SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
		assertThat(signer.getSignedAttributes()).isNull();
		assertThat(signer.getDigestAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256.getId());
		assertThat(signer.getSignature()).isEqualTo(sign(SIMULATOR.ca(), Persona.VALID, DOCUMENT));
	}

	@Test
	void tamperedAnswersDoNotMatchAndRevocationIsNotAsked() throws Exception {
		byte[] tampered = "procedure=juminhyo\nversion=1\nname=郡山 次郎\n".getBytes(StandardCharsets.UTF_8);
		SignatureCheck check = verify("crl", SIMULATOR.ca(), Persona.VALID, DOCUMENT, tampered);
		assertThat(check.outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);
		assertThat(check.revocationMethod()).isNull();
		assertThat(check.revocationEvidence()).isNull();
		// a signature by another card with this certificate does not match either
		SignatureCheck otherKey = verifier("crl")
			.verify(DOCUMENT, sign(SIMULATOR.ca(), Persona.MOVED, DOCUMENT), SIMULATOR.ca().certificate(Persona.VALID))
			.block();
		assertThat(otherKey.outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);
	}

	@Test
	void aCertificateFromAnotherCaIsUntrusted() throws Exception {
		SignatureCheck check = verify("crl", TestJpkiCa.untrusted(), Persona.VALID, DOCUMENT, DOCUMENT);
		assertThat(check.outcome()).isEqualTo(Outcome.UNTRUSTED);
		assertThat(check.revocationMethod()).isNull();
		// and nothing is trusted when no anchor is configured
		SignatureVerifier none = new SignatureVerifier(List.of(), new RevocationChecker(properties("crl"), this.clock),
				this.clock);
		assertThat(none
			.verify(DOCUMENT, sign(SIMULATOR.ca(), Persona.VALID, DOCUMENT), SIMULATOR.ca().certificate(Persona.VALID))
			.block()
			.outcome()).isEqualTo(Outcome.UNTRUSTED);
	}

	@Test
	void revokedAfterMovingIsFoundByTheCrl() throws Exception {
		SignatureCheck check = verify("crl", SIMULATOR.ca(), Persona.MOVED, DOCUMENT, DOCUMENT);
		assertThat(check.outcome()).isEqualTo(Outcome.REVOKED);
		assertThat(check.revocationReason()).contains(RevocationReason.AFFILIATION_CHANGED);
		assertThat(check.revocationMethod()).isEqualTo("crl");
		assertThat(check.revocationEvidence()).isNotEmpty();
	}

	@Test
	void revokedAfterMovingIsFoundByOcsp() throws Exception {
		SignatureCheck check = verify("ocsp", SIMULATOR.ca(), Persona.MOVED, DOCUMENT, DOCUMENT);
		assertThat(check.outcome()).isEqualTo(Outcome.REVOKED);
		assertThat(check.revocationReason()).contains(RevocationReason.AFFILIATION_CHANGED);
		assertThat(check.revocationMethod()).isEqualTo("ocsp");
		assertThat(new OCSPResp(check.revocationEvidence()).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
	}

	@Test
	void anExpiredCertificateIsRefused() throws Exception {
		SignatureCheck check = verify("crl", SIMULATOR.ca(), Persona.EXPIRED, DOCUMENT, DOCUMENT);
		assertThat(check.outcome()).isEqualTo(Outcome.EXPIRED);
		assertThat(check.certificate().notAfter()).isBefore(check.checkedAt());
	}

	@Test
	void anAuthenticationCertificateDoesNotPassForASignatureCertificate() throws Exception {
		TestJpkiCa ca = SIMULATOR.ca();
		SignatureCheck check = verifier("crl")
			.verify(DOCUMENT, sign(ca, Persona.VALID, DOCUMENT), ca.authenticationCertificate(Persona.VALID))
			.block();
		assertThat(check.outcome()).isEqualTo(Outcome.UNTRUSTED);
	}

	@Test
	void anUnreachableCrlFailsClosed() throws Exception {
		SIMULATOR.setCrlAvailable(false);
		SignatureCheck check = verify("crl", SIMULATOR.ca(), Persona.VALID, DOCUMENT, DOCUMENT);
		assertThat(check.outcome()).isEqualTo(Outcome.REVOCATION_UNAVAILABLE);
		assertThat(check.revocationMethod()).isEqualTo("crl");
		assertThat(check.valid()).isFalse();
		// even a revoked certificate is then "unavailable", never "valid"
		assertThat(verify("crl", SIMULATOR.ca(), Persona.MOVED, DOCUMENT, DOCUMENT).outcome())
			.isEqualTo(Outcome.REVOCATION_UNAVAILABLE);
	}

	@Test
	void anUnreachableOcspResponderFailsClosedWithoutFallingBackToTheCrl() throws Exception {
		SIMULATOR.setOcspAvailable(false);
		SignatureCheck check = verify("ocsp", SIMULATOR.ca(), Persona.VALID, DOCUMENT, DOCUMENT);
		assertThat(check.outcome()).isEqualTo(Outcome.REVOCATION_UNAVAILABLE);
		assertThat(check.revocationMethod()).isEqualTo("ocsp");
		assertThat(check.revocationEvidence()).isNull();
	}

	@Test
	void aProviderThatIsDownFailsClosedForBothMethods() throws Exception {
		SIMULATOR.setDown(true);
		assertThat(verify("crl", SIMULATOR.ca(), Persona.VALID, DOCUMENT, DOCUMENT).outcome())
			.isEqualTo(Outcome.REVOCATION_UNAVAILABLE);
		assertThat(verify("ocsp", SIMULATOR.ca(), Persona.VALID, DOCUMENT, DOCUMENT).outcome())
			.isEqualTo(Outcome.REVOCATION_UNAVAILABLE);
	}

	@Test
	void reverifiesFromTheStoredCms() throws Exception {
		SignatureVerifier verifier = verifier("ocsp");
		SignatureCheck first = verify("crl", SIMULATOR.ca(), Persona.VALID, DOCUMENT, DOCUMENT);
		SignatureCheck again = verifier.reverify(DOCUMENT, first.cms()).block();
		assertThat(again.outcome()).isEqualTo(Outcome.VALID);
		assertThat(again.revocationMethod()).isEqualTo("ocsp");
		assertThat(again.cms()).isEqualTo(first.cms());
		assertThat(again.certificate().serialHex()).isEqualTo(first.certificate().serialHex());
		byte[] changed = "procedure=juminhyo\nversion=2\n".getBytes(StandardCharsets.UTF_8);
		assertThat(verifier.reverify(changed, first.cms()).block().outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);
		// a revoked certificate shows as revoked on re-verification too
		SignatureCheck moved = verify("crl", SIMULATOR.ca(), Persona.MOVED, DOCUMENT, DOCUMENT);
		assertThat(verifier.reverify(DOCUMENT, moved.cms()).block().outcome()).isEqualTo(Outcome.REVOKED);
		// garbage is a mismatch, not an error
		assertThat(verifier.reverify(DOCUMENT, new byte[] { 1, 2, 3 }).block().outcome())
			.isEqualTo(Outcome.SIGNATURE_MISMATCH);
	}

}
