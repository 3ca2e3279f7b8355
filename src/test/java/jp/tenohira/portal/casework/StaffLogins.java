package jp.tenohira.portal.casework;

import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestIdentityProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff logins for the case screen tests that do not depend on the inbox page: the login
 * starts at {@code /staff} and follows the real OIDC redirects, accepting whatever the
 * start page answers once logged in. A CSRF token is then taken from a page every browser
 * may open.
 */
public final class StaffLogins {

	private StaffLogins() {
	}

	public static ResidentClient staff(int port, Personas.Staff staff) {
		TestIdentityProvider.nextStaff(staff.subject(), staff.name(), staff.roles(), staff.sections());
		ResidentClient client = new ResidentClient(port);
		String start = "/staff/submissions/00000000-0000-0000-0000-000000000000";
		ResidentClient.Response response = client.get(start);
		String last = start;
		for (int hop = 0; hop < 8 && response.status() / 100 == 3; hop++) {
			last = response.location();
			response = client.get(last);
		}
		assertThat(last).as("login of " + staff.subject()).doesNotContain("login-failed");
		assertThat(response.status()).as("after login of " + staff.subject()).isEqualTo(404);
		assertThat(client.get("/procedures/sodai-gomi").status()).isEqualTo(200);
		assertThat(client.csrf()).as("CSRF token").isNotNull();
		return client;
	}

}
