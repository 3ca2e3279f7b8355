package jp.tenohira.portal.jpki.simulator;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CRLReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The test CA on its own: certificates chain to the root, signatures verify as
 * SHA256withRSA over the document, the CRL and OCSP answers tell moved from valid.
 */
class TestJpkiCaTests {

	private static final TestJpkiCa CA = TestJpkiCa.create("http://127.0.0.1:1/jlis/crl/sign.crl",
			"http://127.0.0.1:1/jlis/ocsp");

	@Test
	void certificatesChainToTheRootAndCarryTheSigningKeyUsage() throws Exception {
		X509Certificate valid = CA.certificate(Persona.VALID);
		valid.verify(CA.trustAnchor().getPublicKey());
		valid.checkValidity();
		assertThat(valid.getIssuerX500Principal()).isEqualTo(CA.trustAnchor().getSubjectX500Principal());
		assertThat(valid.getKeyUsage()[0]).as("digitalSignature").isTrue();
		assertThat(valid.getKeyUsage()[1]).as("nonRepudiation").isTrue();
		assertThat(valid.getBasicConstraints()).isEqualTo(-1);
		assertThat(valid.getSubjectX500Principal().getName()).doesNotContain("郡山");
		assertThatExceptionOfType(CertificateExpiredException.class)
			.isThrownBy(() -> CA.certificate(Persona.EXPIRED).checkValidity());
		assertThatIllegalArgumentException().isThrownBy(() -> CA.certificate(Persona.UNDER15));
		assertThat(CA.trustAnchorPem()).startsWith("-----BEGIN CERTIFICATE-----\n");
	}

	@Test
	void signatureVerifiesAsSha256WithRsaOverTheDocument() throws Exception {
		byte[] document = "申請書".getBytes(StandardCharsets.UTF_8);
		byte[] signature = CA.sign(Persona.VALID, MessageDigest.getInstance("SHA-256").digest(document));
		Signature verifier = Signature.getInstance("SHA256withRSA");
		verifier.initVerify(CA.certificate(Persona.VALID));
		verifier.update(document);
		assertThat(verifier.verify(signature)).isTrue();
		verifier.initVerify(CA.certificate(Persona.MOVED));
		verifier.update(document);
		assertThat(verifier.verify(signature)).isFalse();
	}

	@Test
	void crlListsOnlyTheMovedPersonaWithAffiliationChanged() throws Exception {
		X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(CA.crl()));
		crl.verify(CA.trustAnchor().getPublicKey());
		X509CRLEntry entry = crl.getRevokedCertificate(CA.certificate(Persona.MOVED));
		assertThat(entry).isNotNull();
		assertThat(entry.getRevocationReason()).isEqualTo(CRLReason.AFFILIATION_CHANGED);
		assertThat(crl.isRevoked(CA.certificate(Persona.VALID))).isFalse();
		assertThat(crl.getNextUpdate()).isAfter(crl.getThisUpdate());
	}

	@Test
	void ocspAnswersRevokedGoodAndUnknown() throws Exception {
		assertThat(ocspStatus(CA, CA.certificate(Persona.MOVED).getSerialNumber()))
			.isInstanceOfSatisfying(RevokedStatus.class, (revoked) -> assertThat(revoked.getRevocationReason())
				.isEqualTo(org.bouncycastle.asn1.x509.CRLReason.affiliationChanged));
		assertThat(ocspStatus(CA, CA.certificate(Persona.VALID).getSerialNumber())).isNull();
		assertThat(ocspStatus(CA, BigInteger.TWO)).isInstanceOf(UnknownStatus.class);
		assertThat(new OCSPResp(CA.ocspResponse(new byte[] { 1, 2, 3 })).getStatus()).isEqualTo(1);
	}

	@Test
	void untrustedCaHasItsOwnRoot() throws Exception {
		TestJpkiCa other = TestJpkiCa.untrusted();
		assertThat(other.trustAnchor().getPublicKey()).isNotEqualTo(CA.trustAnchor().getPublicKey());
		X509Certificate certificate = other.certificate(Persona.VALID);
		certificate.verify(other.trustAnchor().getPublicKey());
		assertThat(certificate.getIssuerX500Principal()).isNotEqualTo(CA.trustAnchor().getSubjectX500Principal());
	}

	static Object ocspStatus(TestJpkiCa ca, BigInteger serial) throws Exception {
		CertificateID id = new CertificateID(
				new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
				new JcaX509CertificateHolder(ca.trustAnchor()), serial);
		byte[] answer = ca.ocspResponse(new OCSPReqBuilder().addRequest(id).build().getEncoded());
		OCSPResp response = new OCSPResp(answer);
		assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
		BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
		assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca.trustAnchor()))).isTrue();
		assertThat(List.of(basic.getResponses())).hasSize(1);
		return basic.getResponses()[0].getCertStatus();
	}

}
