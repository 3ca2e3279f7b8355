package jp.tenohira.portal.identity;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A core system or RPA robot calling the back-office API with a client-credentials access
 * token. Which sections it may read and update is the city's configuration
 * ({@code portal.api.clients}), not something the token can claim for itself.
 */
public final class ApiClient extends AbstractAuthenticationToken {

	/** Authority every API client has. */
	public static final String API_AUTHORITY = "ROLE_API_CLIENT";

	private final String clientId;

	private final Set<String> sections;

	private final transient Jwt token;

	ApiClient(Jwt token, String clientId, Set<String> sections) {
		super(authorities());
		this.token = token;
		this.clientId = clientId;
		this.sections = Set.copyOf(sections);
		setAuthenticated(true);
	}

	private static Collection<SimpleGrantedAuthority> authorities() {
		return List.of(new SimpleGrantedAuthority(API_AUTHORITY));
	}

	public String clientId() {
		return this.clientId;
	}

	public Set<String> sections() {
		return this.sections;
	}

	public boolean mayUse(String sectionId) {
		return this.sections.contains(sectionId);
	}

	@Override
	public Object getCredentials() {
		return this.token;
	}

	@Override
	public Object getPrincipal() {
		return this.clientId;
	}

	@Override
	public String getName() {
		return this.clientId;
	}

}
