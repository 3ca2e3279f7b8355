package jp.tenohira.portal.jpki;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

/**
 * The result of checking one signature: the outcome, the detached CMS SignedData that
 * holds the signature and certificate, the revocation evidence relied on, and the
 * certificate's details. Only {@link Outcome#VALID} means the signature may be relied on;
 * every other outcome fails closed.
 *
 * @param outcome what the check found
 * @param reason why the certificate was revoked ({@link Outcome#REVOKED} only), else
 * {@code null}
 * @param cms the detached CMS SignedData (DER); {@code null} only when none could be
 * built or read
 * @param revocationEvidence the CRL or OCSP response (DER) the revocation check relied
 * on, {@code null} when none was reached
 * @param revocationMethod {@code ocsp} or {@code crl}, {@code null} when revocation was
 * not checked (an earlier step failed)
 * @param certificate the signature certificate's details, {@code null} when none could be
 * read
 * @param checkedAt when the check was made (validity and revocation are as of this time)
 */
public record SignatureCheck(Outcome outcome, RevocationReason reason, byte[] cms, byte[] revocationEvidence,
		String revocationMethod, CertificateDetails certificate, Instant checkedAt) {

	/** What a signature check found. */
	public enum Outcome {

		/** Signature, chain, validity, key usage and revocation all good. */
		VALID,
		/** The signature does not match the document (tampered, or another document). */
		SIGNATURE_MISMATCH,
		/**
		 * The certificate does not chain to a configured trust anchor or may not sign.
		 */
		UNTRUSTED,
		/** The certificate had expired at the check time. */
		EXPIRED,
		/** The certificate was not yet valid at the check time. */
		NOT_YET_VALID,
		/** The certificate was revoked (see the reason). */
		REVOKED,
		/**
		 * Revocation could not be checked (source unreachable, stale or unknown status).
		 */
		REVOCATION_UNAVAILABLE

	}

	/**
	 * A signature certificate's details for staff.
	 *
	 * @param subject the subject DN (holds the resident's name: personal data, never
	 * logged)
	 * @param issuer the issuer DN
	 * @param serialHex the serial number in upper-case hexadecimal
	 * @param notBefore start of validity
	 * @param notAfter end of validity
	 */
	public record CertificateDetails(String subject, String issuer, String serialHex, Instant notBefore,
			Instant notAfter) {

		/** The details of a certificate. */
		public static CertificateDetails of(X509Certificate certificate) {
			return new CertificateDetails(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
					certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
					serialHex(certificate.getSerialNumber()), certificate.getNotBefore().toInstant(),
					certificate.getNotAfter().toInstant());
		}

		@Override
		public String toString() {
			// no subject: it is personal data
			return "CertificateDetails[serial=" + this.serialHex + ", notAfter=" + this.notAfter + "]";
		}

		static String serialHex(BigInteger serial) {
			return serial.toString(16).toUpperCase(Locale.ROOT);
		}

	}

	/** Whether the signature may be relied on. */
	public boolean valid() {
		return this.outcome == Outcome.VALID;
	}

	/** Why the certificate was revoked, when it was. */
	public Optional<RevocationReason> revocationReason() {
		return Optional.ofNullable(this.reason);
	}

	@Override
	public String toString() {
		// no subject: it is personal data
		return "SignatureCheck[outcome=" + this.outcome + ", reason=" + this.reason + ", method="
				+ this.revocationMethod + ", serial="
				+ ((this.certificate != null) ? this.certificate.serialHex() : null) + ", checkedAt=" + this.checkedAt
				+ "]";
	}

}
