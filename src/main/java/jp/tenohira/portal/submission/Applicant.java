package jp.tenohira.portal.submission;

import java.util.Map;

import jp.tenohira.portal.forms.AssuranceLevel;

/**
 * Who is applying: the browser's applicant key (kept as a hash) and, after login, the
 * identity keyed on (issuer, subject), how it was proven, and what the My Number card
 * said about the person (the 基本4情報 from the card login's userinfo, by claim name).
 */
public record Applicant(String tokenHash, String issuer, String subject, AssuranceLevel level,
		Map<String, String> card) {

	public Applicant {
		level = (level != null) ? level : AssuranceLevel.NONE;
		card = (card != null) ? Map.copyOf(card) : Map.of();
	}

	/** An applicant logged in with an account (or not at all, without a subject). */
	public Applicant(String tokenHash, String issuer, String subject) {
		this(tokenHash, issuer, subject, (subject != null) ? AssuranceLevel.ACCOUNT : AssuranceLevel.NONE, Map.of());
	}

	public boolean isLoggedIn() {
		return this.subject != null;
	}

	/**
	 * Whether this login is enough to fill in a procedure of the given level: a card
	 * signature is asked for at submit, so {@code jpki-sign} needs the card login here.
	 */
	public boolean mayFillIn(AssuranceLevel required) {
		return switch (required) {
			case NONE -> true;
			case ACCOUNT -> isLoggedIn();
			case JPKI_AUTH, JPKI_SIGN -> isLoggedIn() && this.level.ordinal() >= AssuranceLevel.JPKI_AUTH.ordinal();
		};
	}

	boolean owns(Draft draft) {
		if (draft.ownerSubject() != null) {
			return draft.ownerSubject().equals(this.subject) && draft.ownerIssuer().equals(this.issuer);
		}
		return draft.ownerTokenHash().equals(this.tokenHash);
	}

}
