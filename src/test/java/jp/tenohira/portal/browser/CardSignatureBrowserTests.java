package jp.tenohira.portal.browser;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.support.AnswerFactory;
import jp.tenohira.portal.support.Browser;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.TestCardProvider;
import jp.tenohira.portal.support.TestIdentityProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 住民票の写し等の交付請求 ({@code jpki-sign}) on a phone in headless Chromium, through the デジタル認証アプリ
 * simulator's own pages: a resident logged in with an account is told the procedure needs
 * the card and which PINs, steps up with the card, finds name, address and birth date
 * filled in from the card, signs on the check page and gets a receipt; staff of 市民課 see
 * the signature valid at submission. A resident whose signature certificate was revoked
 * after moving is told so on the check page, with the draft kept. axe on every portal
 * page.
 */
@PortalIntegrationTest
class CardSignatureBrowserTests {

	static final String PROCEDURE = "juuminhyou-koufu";

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	@Test
	void aResidentStepsUpSignsWithTheCardAndStaffSeeTheSignatureValid() {
		ProcedureDefinition definition = this.registry.find(PROCEDURE).orElseThrow();
		String receipt;
		try (Browser browser = Browser.open(port())) {
			TestIdentityProvider.nextResident("browser-account-resident");
			browser.go("/mypage");
			assertThat(browser.path()).isEqualTo("/mypage");

			browser.go("/procedures/" + PROCEDURE);
			assertThat(browser.text("#needs-card")).contains("数字4桁");
			assertThat(browser.text("#needs-signature")).contains("英数字6〜16桁");
			browser.assertAccessible();
			browser.clickAndWait("#apply-card");
			assertThat(browser.text("#pin-auth")).contains("利用者証明用電子証明書の暗証番号（数字4桁）");
			assertThat(browser.text("#pin-sign")).contains("署名用電子証明書の暗証番号（英数字6〜16桁）");
			browser.assertAccessible();
			browser.screenshot(Path.of("target/screenshots/card-login.png"));

			browser.clickAndWait("#card-login");
			inTheApp(browser, "valid", "ok", "利用者証明用");
			assertThat(browser.path()).isEqualTo("/procedures/" + PROCEDURE);
			browser.clickAndWait("form[action$='/apply'] button[type=submit]");

			fillEveryPage(browser, definition);
			assertThat(browser.path()).endsWith("/check");
			assertThat(browser.text("main")).contains("郡山 太郎").contains("福島県郡山市朝日一丁目23番7号");
			assertThat(browser.text("#sign-pin")).contains("署名用電子証明書の暗証番号");
			browser.assertAccessible();
			browser.screenshot(Path.of("target/screenshots/card-check.png"));

			browser.clickAndWait("#sign-and-submit");
			inTheApp(browser, "valid", "ok", "署名用");
			assertThat(browser.path()).endsWith("/receipt");
			receipt = browser.text("#receipt-number");
			assertThat(receipt).matches("\\d{4}-\\d{7}");
			browser.assertAccessible();
		}
		try (Browser staff = Browser.open(port())) {
			Personas.Staff clerk = new Personas.Staff("clerk-shimin", "市民 花子", List.of("clerk"),
					List.of(definition.section()));
			TestIdentityProvider.nextStaff(clerk.subject(), clerk.name(), clerk.roles(), clerk.sections());
			staff.go("/staff/sections/" + definition.section());
			String href = staff.driver().findElement(By.partialLinkText(receipt)).getAttribute("href");
			staff.go(href.replaceFirst("^https?://[^/]+", ""));
			assertThat(staff.text("h1")).contains(receipt);
			assertThat(staff.text("#signature-status")).contains("申請時点で署名は有効でした");
			staff.clickAndWait("#signature-details");
			assertThat(staff.text("#signature-headline")).contains("有効");
			assertThat(staff.text("#signature-certificate")).contains("Test JPKI Signature CA");
			staff.assertAccessible();
			staff.screenshot(Path.of("target/screenshots/staff-signature.png"));
		}
	}

	@Test
	void aCertificateRevokedAfterMovingIsExplainedAndTheDraftKept() {
		ProcedureDefinition definition = this.registry.find(PROCEDURE).orElseThrow();
		try (Browser browser = Browser.open(port())) {
			browser.go("/procedures/" + PROCEDURE);
			browser.clickAndWait("#apply-card");
			browser.clickAndWait("#card-login");
			inTheApp(browser, "moved", "ok", "利用者証明用");
			browser.clickAndWait("form[action$='/apply'] button[type=submit]");
			fillEveryPage(browser, definition);
			String check = browser.path();
			String answers = browser.text(".summary-list");
			assertThat(answers).contains("安積 花子");

			browser.clickAndWait("#sign-and-submit");
			inTheApp(browser, "moved", "ok", "署名用");
			assertThat(browser.path()).startsWith(check).contains("signError=revoked-moved");
			assertThat(browser.text("#sign-problem")).contains("引っ越し").contains("市民課の窓口");
			assertThat(browser.text(".summary-list")).isEqualTo(answers);
			assertThat(browser.findAll("#sign-and-submit")).hasSize(1);
			browser.assertAccessible();
			browser.screenshot(Path.of("target/screenshots/card-revoked.png"));
		}
	}

	/**
	 * On the simulator's page: the persona, the outcome, and the PIN it says it needs.
	 */
	private static void inTheApp(Browser browser, String persona, String outcome, String pin) {
		assertThat(browser.driver().getCurrentUrl())
			.startsWith(TestCardProvider.shared().simulator().issuer() + "/protocol/openid-connect/auth");
		assertThat(browser.text("body")).contains(pin);
		browser.click("#persona-" + persona);
		browser.clickAndWait("#outcome-" + outcome);
	}

	/**
	 * Fills every page with valid answers the way a resident would, up to the check page.
	 */
	private static void fillEveryPage(Browser browser, ProcedureDefinition definition) {
		LocalDate today = LocalDate.now(CityTime.ZONE);
		for (int step = 0; step < 12 && browser.path().contains("/pages/"); step++) {
			String pageId = browser.path().replaceAll("[?#].*$", "").replaceAll(".*/pages/", "");
			Page page = definition.page(pageId).orElseThrow();
			for (FieldDefinition field : page.fields()) {
				if (field.fromCard().isPresent()) {
					assertThat(browser.findAll("[name='" + field.id() + "']")).as("card field " + field.id()).isEmpty();
				}
			}
			Map<String, List<String>> answers = AnswerFactory.validAnswers(page, today);
			answers.forEach((name, values) -> fill(browser, name, values));
			browser.assertAccessible();
			browser.clickAndWait("button.button-primary[name=_action][value=next]");
		}
	}

	private static void fill(Browser browser, String name, List<String> values) {
		List<WebElement> inputs = browser.driver().findElements(By.name(name));
		if (inputs.isEmpty() || !inputs.get(0).isDisplayed() && !"radio".equals(inputs.get(0).getAttribute("type"))
				&& !"checkbox".equals(inputs.get(0).getAttribute("type"))) {
			return;
		}
		WebElement first = inputs.get(0);
		String type = first.getAttribute("type");
		if ("radio".equals(type) || "checkbox".equals(type)) {
			for (String value : values) {
				String css = "input[name='" + name + "'][value='" + value + "']";
				if (!browser.find(css).isSelected()) {
					browser.click(css);
				}
			}
		}
		else if ("select".equals(first.getTagName())) {
			browser.script("document.getElementsByName('" + name + "')[0].value = '" + values.get(0) + "'");
		}
		else if (!values.isEmpty()) {
			browser.type("[name='" + name + "']", values.get(0));
		}
	}

}
