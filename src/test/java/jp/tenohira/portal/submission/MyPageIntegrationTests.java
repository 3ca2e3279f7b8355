package jp.tenohira.portal.submission;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.AssuranceLevel;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestIdentityProvider;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A logged-in resident applies for an account-level procedure, comes back to it after
 * login, and finds drafts and submissions on マイページ; another resident sees none of it.
 */
@PortalIntegrationTest
class MyPageIntegrationTests {

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	ResidentClient loggedIn(String subject, String startPath) {
		TestIdentityProvider.shared()
			.enqueueCallback(new DefaultOAuth2TokenCallback(TestIdentityProvider.ISSUER_ID, subject, "JWT",
					List.of("tenohira-portal"), Map.of("name", "テスト 利用者"), 3600));
		ResidentClient resident = new ResidentClient(port());
		ResidentClient.Response landed = resident.logIn(startPath);
		assertThat(landed.html().select("form[action=/logout]")).hasSize(1);
		return resident;
	}

	@Test
	void residentsSeeTheirOwnDraftsAndSubmissionsOnly() throws SQLException {
		ProcedureDefinition accountLevel = this.registry.all()
			.stream()
			.filter((d) -> d.online() && d.assurance() == AssuranceLevel.ACCOUNT)
			.findFirst()
			.orElseThrow();
		ResidentClient residentA = loggedIn("resident-a", "/procedures/" + accountLevel.id() + "/login");
		Document procedure = residentA.get("/procedures/" + accountLevel.id()).html();
		assertThat(procedure.select("form[action$=/apply]")).hasSize(1);

		String first = residentA.apply(accountLevel.id());
		residentA.get(first);
		residentA.post(first, form("_action", "back"));
		Document myPage = residentA.get("/mypage").html();
		assertThat(myPage.select(".procedure-list a").eachText()).contains(accountLevel.title().ja());

		String base = FormWalker.walkToCheck(residentA, accountLevel, Map.of());
		residentA.get(base + "/check");
		assertThat(residentA.post(base + "/submit", form()).location()).endsWith(base + "/receipt");
		String receipt = residentA.get(base + "/receipt").html().getElementById("receipt-number").text();
		assertThat(residentA.get("/mypage").html().text()).contains(receipt);

		String draftId = base.replaceAll(".*/", "");
		try (Connection connection = TestDatabase.get().connect();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery(
						"select owner_issuer, owner_subject from submission where draft_id = '" + draftId + "'")) {
			assertThat(row.next()).isTrue();
			assertThat(row.getString(1)).isEqualTo(TestIdentityProvider.issuer(TestIdentityProvider.shared()));
			assertThat(row.getString(2)).isEqualTo("resident-a");
		}

		ResidentClient residentB = loggedIn("resident-b", "/mypage");
		assertThat(residentB.get("/mypage").html().text()).doesNotContain(receipt);
		assertThat(residentB.get(base + "/receipt").status()).isEqualTo(404);
		assertThat(residentB.get(base + "/check").status()).isEqualTo(404);
		// an anonymous browser is asked to log in first (ownership is checked after
		// login)
		assertThat(new ResidentClient(port()).get(base + "/receipt").status()).isIn(302, 303, 404);
	}

}
