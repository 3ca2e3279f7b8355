package jp.tenohira.portal.jpki;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jp.tenohira.portal.jpki.SignatureCheck.CertificateDetails;
import jp.tenohira.portal.jpki.SignatureCheck.Outcome;

/**
 * A submission's signature as stored: the CMS SignedData, the check made at submission
 * and every later re-verification (oldest first).
 *
 * @param id the signature row's id
 * @param submissionId the submission it belongs to
 * @param documentSha256 the SHA-256 of the canonical document that was signed
 * @param cms the detached CMS SignedData (DER)
 * @param atSubmission the check made when the resident submitted
 * @param reverifications the checks staff made since, oldest first
 */
public record StoredSignature(UUID id, UUID submissionId, byte[] documentSha256, byte[] cms, Check atSubmission,
		List<Check> reverifications) {

	public StoredSignature {
		reverifications = List.copyOf(reverifications);
	}

	/**
	 * One stored check.
	 *
	 * @param outcome what it found
	 * @param reason the revocation reason (revoked only), else {@code null}
	 * @param revocationMethod {@code crl} or {@code ocsp}, {@code null} when revocation
	 * was not reached
	 * @param evidenceSha256 the SHA-256 of the stored CRL or OCSP response, {@code null}
	 * when none
	 * @param certificate the certificate's details
	 * @param checkedAt when
	 * @param checkedByName the member of staff who re-verified ({@code null} at
	 * submission)
	 */
	public record Check(Outcome outcome, RevocationReason reason, String revocationMethod, byte[] evidenceSha256,
			CertificateDetails certificate, Instant checkedAt, String checkedByName) {

		/** The revocation reason, when revoked. */
		public Optional<RevocationReason> revocationReason() {
			return Optional.ofNullable(this.reason);
		}

	}

	/** The latest check: the last re-verification, or the one at submission. */
	public Check latest() {
		return this.reverifications.isEmpty() ? this.atSubmission
				: this.reverifications.get(this.reverifications.size() - 1);
	}

}
