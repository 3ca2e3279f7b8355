package jp.tenohira.portal.jpki;

import java.security.cert.CRLReason;

/**
 * Why a signature certificate was revoked, as far as residents and staff need to know.
 */
public enum RevocationReason {

	/**
	 * The holder moved or changed name (affiliationChanged): J-LIS revokes automatically.
	 */
	AFFILIATION_CHANGED,
	/** A new certificate replaced it (superseded), for example after renewal. */
	SUPERSEDED,
	/** The key may be known to someone else (keyCompromise), for example a lost card. */
	KEY_COMPROMISE,
	/**
	 * The certificate is no longer used (cessationOfOperation), for example the card was
	 * returned.
	 */
	CESSATION_OF_OPERATION,
	/** Any other or no stated reason. */
	OTHER;

	static RevocationReason of(CRLReason reason) {
		if (reason == null) {
			return OTHER;
		}
		switch (reason) {
			case AFFILIATION_CHANGED:
				return AFFILIATION_CHANGED;
			case SUPERSEDED:
				return SUPERSEDED;
			case KEY_COMPROMISE:
				return KEY_COMPROMISE;
			case CESSATION_OF_OPERATION:
				return CESSATION_OF_OPERATION;
			default:
				return OTHER;
		}
	}

	/** From the integer code of RFC 5280 (BouncyCastle's {@code CRLReason} values). */
	static RevocationReason ofCode(int code) {
		CRLReason[] values = CRLReason.values();
		return (code >= 0 && code < values.length) ? of(values[code]) : OTHER;
	}

}
