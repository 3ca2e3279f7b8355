package jp.tenohira.portal.identity;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * A logged-in member of staff: who (issuer and subject), the name to show in history, the
 * roles, and the sections (課) whose inboxes they work.
 *
 * @param issuer the staff identity provider
 * @param subject the stable identifier at that provider
 * @param name the display name from the ID token
 * @param roles what they may do
 * @param sections the section ids they belong to
 */
public record StaffMember(String issuer, String subject, String name, Set<StaffRole> roles, Set<String> sections) {

	/** Authority that every staff login has. */
	public static final String STAFF_AUTHORITY = "ROLE_STAFF";

	/** Prefix of the per-section authorities. */
	public static final String SECTION_PREFIX = "SECTION_";

	public StaffMember {
		roles = roles.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(StaffRole.class))
				: Collections.unmodifiableSet(EnumSet.copyOf(roles));
		sections = Collections.unmodifiableSet(new LinkedHashSet<>(sections));
	}

	public boolean has(StaffRole role) {
		return this.roles.contains(role);
	}

	public boolean worksIn(String sectionId) {
		return this.sections.contains(sectionId);
	}

	/** The staff member behind an authentication, or {@code null} for anyone else. */
	public static StaffMember of(Authentication authentication) {
		if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
			return null;
		}
		return of(user);
	}

	/**
	 * The staff member a staff login's user stands for, or {@code null} for a resident.
	 */
	public static StaffMember of(OidcUser user) {
		if (user == null) {
			return null;
		}
		boolean staff = false;
		Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
		Set<String> sections = new LinkedHashSet<>();
		for (GrantedAuthority granted : user.getAuthorities()) {
			String authority = granted.getAuthority();
			if (STAFF_AUTHORITY.equals(authority)) {
				staff = true;
			}
			else if (authority.startsWith(SECTION_PREFIX)) {
				sections.add(authority.substring(SECTION_PREFIX.length()));
			}
			else {
				for (StaffRole role : StaffRole.values()) {
					if (role.authority().equals(authority)) {
						roles.add(role);
					}
				}
			}
		}
		if (!staff) {
			return null;
		}
		String name = (user.getFullName() != null) ? user.getFullName() : user.getSubject();
		return new StaffMember(user.getIssuer().toString(), user.getSubject(), name, roles, sections);
	}

}
