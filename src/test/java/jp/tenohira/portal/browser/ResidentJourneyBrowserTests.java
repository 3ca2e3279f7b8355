package jp.tenohira.portal.browser;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.support.Browser;
import jp.tenohira.portal.support.PortalIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resident on a phone: search, procedure page, a multi-page form with a validation
 * error and conditions, check answers, change one, submit, receipt — in Japanese and in
 * English, with axe on every page.
 */
@PortalIntegrationTest
class ResidentJourneyBrowserTests {

	@Autowired
	Environment environment;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	@Test
	void japaneseResidentAppliesForOversizedGarbageCollection() {
		try (Browser browser = Browser.open(port())) {
			List<String> visited = journey(browser, "そだいごみ", Texts.JA);
			assertThat(visited).hasSize(14);
		}
	}

	@Test
	void englishSpeakingResidentAppliesWithTheLanguageRemembered() {
		try (Browser browser = Browser.open(port())) {
			browser.go("/procedures?lang=en");
			assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
			List<String> visited = journey(browser, "bulky waste", Texts.EN);
			assertThat(visited).hasSize(14);
		}
	}

	/** What the two languages say at the points the journey checks. */
	record Texts(String errorTitle, String change, String receiptTitle, String returnToCheck) {

		static final Texts JA = new Texts("入力内容を確認してください", "変更", "申請を受け付けました", "確認画面へ戻る");

		static final Texts EN = new Texts("Please check your answers", "Change", "Application received",
				"Back to check your answers");

	}

	private List<String> journey(Browser browser, String query, Texts texts) {
		List<String> visited = new ArrayList<>();
		browser.go("/procedures");
		checkpoint(browser, visited);

		browser.type("#q", query);
		browser.clickAndWait("form[role=search] button[type=submit]");
		assertThat(browser.findAll(".procedure-list a[href='/procedures/sodai-gomi']")).hasSize(1);
		checkpoint(browser, visited);

		browser.clickAndWait(".procedure-list a[href='/procedures/sodai-gomi']");
		assertThat(browser.path()).isEqualTo("/procedures/sodai-gomi");
		checkpoint(browser, visited);

		browser.clickAndWait(".apply-box button[type=submit]");
		assertThat(browser.path()).contains("/pages/applicant");
		checkpoint(browser, visited);

		// A validation error: only the family name, and a phone number that is too short.
		browser.type("#f-applicant-name-family", "郡山");
		browser.type("#f-phone", "0249");
		browser.clickAndWait(".actions button[value=next]");
		assertThat(browser.text("#error-summary h2")).isEqualTo(texts.errorTitle());
		assertThat(browser.find("#f-applicant-name-family").getAttribute("value")).isEqualTo("郡山");
		String firstErrorTarget = browser.find("#error-summary a").getAttribute("href").replaceAll(".*#", "");
		assertThat(browser.findAll("#" + firstErrorTarget)).hasSize(1);
		checkpoint(browser, visited);

		browser.type("#f-applicant-name-given", "花子");
		browser.type("#f-applicant-name-family-kana", "こおりやま");
		browser.type("#f-applicant-name-given-kana", "ハナコ");
		browser.type("#f-address-postal-code", "963-8601");
		browser.type("#f-address-line1", "福島県郡山市朝日一丁目23番7号");
		browser.type("#f-phone", "024-924-2491");
		browser.clickAndWait(".actions button[value=next]");
		assertThat(browser.path()).contains("/pages/items");
		checkpoint(browser, visited);

		browser.type("#f-items-0-item-name", "たんす");
		browser.type("#f-items-0-quantity", "1");
		browser.clickAndWait(".actions button[value=next]");
		assertThat(browser.path()).contains("/pages/collection");
		assertThat(browser.findAll("#f-floor")).isEmpty();
		checkpoint(browser, visited);

		// The condition: choosing door-step collection reveals the floor question on the
		// same page.
		browser.click("#f-collection-method-doorstep");
		browser.type("#f-preferred-date", LocalDate.now(CityTime.ZONE).plusDays(10).toString());
		browser.clickAndWait(".actions button[value=next]");
		assertThat(browser.findAll("#f-floor")).hasSize(1);
		assertThat(browser.findAll("#error-summary")).isEmpty();
		checkpoint(browser, visited);
		new org.openqa.selenium.support.ui.Select(browser.find("#f-floor")).selectByValue("2f");
		browser.clickAndWait(".actions button[value=next]");

		// ...and the notes page that is shown only for door-step collection.
		assertThat(browser.path()).contains("/pages/notes");
		checkpoint(browser, visited);
		browser.clickAndWait(".actions button[value=next]");
		assertThat(browser.path()).contains("/pages/confirm-consent");
		checkpoint(browser, visited);
		browser.click("#f-consent");
		browser.clickAndWait(".actions button[value=next]");
		assertThat(browser.path()).endsWith("/check");
		assertThat(browser.find("main").getText()).contains("郡山 花子").contains("コオリヤマ ハナコ").contains("0249242491");
		checkpoint(browser, visited);

		// Change an answer from the check page and come straight back.
		browser.clickAndWait("a[href*='/pages/applicant?return=check']");
		assertThat(browser.path()).contains("return=check");
		checkpoint(browser, visited);
		browser.type("#f-phone", "024-924-2000");
		assertThat(browser.text(".actions button[value=next]")).isEqualTo(texts.returnToCheck());
		browser.clickAndWait(".actions button[value=next]");
		assertThat(browser.path()).endsWith("/check");
		assertThat(browser.find("main").getText()).contains("0249242000").doesNotContain("0249242491");
		checkpoint(browser, visited);

		browser.clickAndWait("form[action$='/submit'] button");
		assertThat(browser.path()).endsWith("/receipt");
		assertThat(browser.text("h1")).isEqualTo(texts.receiptTitle());
		assertThat(browser.text("#receipt-number")).matches("\\d{4}-\\d{7}");
		checkpoint(browser, visited);

		// Back and submit again (a double tap or a retry) shows the same receipt.
		String receipt = browser.text("#receipt-number");
		browser.driver().navigate().back();
		if (browser.findAll("form[action$='/submit'] button").size() == 1) {
			browser.clickAndWait("form[action$='/submit'] button");
		}
		assertThat(browser.text("#receipt-number")).isEqualTo(receipt);
		return visited;
	}

	private static void checkpoint(Browser browser, List<String> visited) {
		browser.screenshot(java.nio.file.Path.of("target/screenshots",
				visited.size() + "-" + browser.path().replaceAll("[^a-z0-9]+", "_") + ".png"));
		assertThat(browser.script("return window.__xss === undefined")).isEqualTo(true);
		browser.assertAccessible();
		visited.add(browser.path());
	}

}
