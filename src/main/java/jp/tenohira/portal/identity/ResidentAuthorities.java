package jp.tenohira.portal.identity;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;

/**
 * The authorities of a resident login, as {@link SecurityConfiguration} grants them:
 * every resident login has {@link #RESIDENT}; a login with the My Number card through the
 * デジタル認証アプリ also has {@link #CARD}.
 */
public final class ResidentAuthorities {

	/** Any resident login. */
	public static final String RESIDENT = "ROLE_RESIDENT";

	/** A resident login with the My Number card (assurance {@code jpki-auth}). */
	public static final String CARD = "ASSURANCE_JPKI_AUTH";

	private ResidentAuthorities() {
	}

	/** Whether the authorities are a resident's. */
	public static boolean isResident(Collection<? extends GrantedAuthority> authorities) {
		return has(authorities, RESIDENT);
	}

	/** Whether the authorities are a resident's who logged in with the card. */
	public static boolean isCardLogin(Collection<? extends GrantedAuthority> authorities) {
		return has(authorities, CARD);
	}

	private static boolean has(Collection<? extends GrantedAuthority> authorities, String authority) {
		return authorities.stream().anyMatch((a) -> authority.equals(a.getAuthority()));
	}

}
