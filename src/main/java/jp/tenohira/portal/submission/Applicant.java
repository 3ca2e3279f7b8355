package jp.tenohira.portal.submission;

/**
 * Who is applying: the browser's applicant key (kept as a hash) and, after login, the
 * identity keyed on (issuer, subject).
 */
public record Applicant(String tokenHash, String issuer, String subject) {

	public boolean isLoggedIn() {
		return this.subject != null;
	}

	boolean owns(Draft draft) {
		if (draft.ownerSubject() != null) {
			return draft.ownerSubject().equals(this.subject) && draft.ownerIssuer().equals(this.issuer);
		}
		return draft.ownerTokenHash().equals(this.tokenHash);
	}

}
