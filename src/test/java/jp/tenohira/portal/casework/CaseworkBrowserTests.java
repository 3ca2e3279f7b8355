package jp.tenohira.portal.casework;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.support.Browser;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestIdentityProvider;
import jp.tenohira.portal.support.TestSubmissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case screen and the auditor's screen in headless Chromium, logged in through the
 * real staff OIDC provider, with axe: an approver requests a correction, sees the refusal
 * of an empty rejection, and an auditor searches for the case.
 */
@PortalIntegrationTest
class CaseworkBrowserTests {

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	@Test
	void caseScreenAndAuditScreenAreAccessible() throws SQLException {
		TestSubmissions.Submitted submitted = TestSubmissions.submit(new ResidentClient(port()),
				this.registry.find("sodai-gomi").orElseThrow(), Map.of());
		String path = "/staff/submissions/" + submitted.submissionId();
		try (Browser browser = Browser.open(port())) {
			Personas.Staff approver = Personas.APPROVER_X;
			TestIdentityProvider.nextStaff(approver.subject(), approver.name(), approver.roles(), approver.sections());
			browser.go(path);
			assertThat(browser.path()).isEqualTo(path);
			assertThat(browser.text("h1")).contains(submitted.receiptNumber());
			browser.assertAccessible();
			browser.screenshot(Path.of("target/screenshots/casework-detail.png"));

			browser.click("#fix-applicant-phone");
			browser.type("#correction-message", "電話番号をご確認ください。");
			browser.clickAndWait("#action-request-correction button[type=submit]");
			assertThat(browser.text(".notice")).isEqualTo("補正を依頼しました。申請者に知らせます。");
			assertThat(browser.text(".correction-box")).contains("電話番号をご確認ください。");
			browser.assertAccessible();

			browser.clickAndWait("#action-reject button[type=submit]");
			assertThat(browser.text("#error-summary")).contains("却下の理由を入力してください。");
			browser.assertAccessible();
		}
		try (Browser browser = Browser.open(port())) {
			Personas.Staff auditor = Personas.AUDITOR;
			TestIdentityProvider.nextStaff(auditor.subject(), auditor.name(), auditor.roles(), auditor.sections());
			browser.go("/staff/audit?target=" + submitted.receiptNumber());
			assertThat(browser.findAll(".audit-results tbody tr")).hasSizeGreaterThanOrEqualTo(3);
			browser.assertAccessible();
			browser.screenshot(Path.of("target/screenshots/audit-search.png"));
			List<String> actions = browser.findAll(".audit-action").stream().map((e) -> e.getText()).toList();
			assertThat(actions).contains("状態の変更", "申請の閲覧");
		}
	}

}
