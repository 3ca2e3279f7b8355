package jp.tenohira.portal.casework;

import java.util.List;

/**
 * The staff signature page, fully resolved for the template.
 *
 * @param id the submission id
 * @param receiptNumber the receipt number
 * @param signed whether the submission carries a signature
 * @param headline the finding at submission in one sentence ("申請時点で署名は有効でした")
 * @param validAtSubmission whether the check at submission found it valid
 * @param atSubmission the check at submission
 * @param reverifications later checks, newest first
 * @param certificate the signature certificate
 * @param documentSha256 the signed document's SHA-256 in hexadecimal
 * @param canReverify whether the viewer may re-verify
 * @param done the success message after a re-verification, else {@code null}
 */
record SignatureView(String id, String receiptNumber, boolean signed, String headline, boolean validAtSubmission,
		CheckView atSubmission, List<CheckView> reverifications, CertificateView certificate, String documentSha256,
		boolean canReverify, String done) {

	/** One check. */
	record CheckView(String outcome, String outcomeCode, boolean valid, String reason, String method, String checkedAt,
			String checkedBy) {
	}

	/** The certificate's details. */
	record CertificateView(String subject, String issuer, String serial, String notBefore, String notAfter) {
	}

}
