package jp.tenohira.portal.submission;

/**
 * Who did something, as recorded in a submission's history.
 *
 * @param kind resident, staff, API client or the system
 * @param subject the stable identifier (OIDC subject or API client id)
 * @param name what staff see in the history
 */
public record Actor(Kind kind, String subject, String name) {

	/** The kinds of actor. */
	public enum Kind {

		RESIDENT, STAFF, API, SYSTEM

	}

	public static Actor staff(String subject, String name) {
		return new Actor(Kind.STAFF, subject, name);
	}

	public static Actor api(String clientId) {
		return new Actor(Kind.API, clientId, clientId);
	}

	static Actor resident(String subject) {
		return new Actor(Kind.RESIDENT, subject, null);
	}

}
