package jp.tenohira.portal.inbox;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

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
 * The section inbox in Chromium on a phone-sized screen: accessible (axe) in Japanese and
 * English, and a submission that arrives while the page is open appears at the top of the
 * list and is announced, without a reload.
 */
@PortalIntegrationTest
class InboxBrowserTests {

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	private static void logIn(Browser browser, Personas.Staff staff) {
		TestIdentityProvider.nextStaff(staff.subject(), staff.name(), staff.roles(), staff.sections());
		browser.go("/staff");
		new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
			.until((d) -> d.getCurrentUrl().contains("/staff") && !d.getCurrentUrl().contains("/oauth2/"));
	}

	@Test
	void inboxIsAccessibleAndShowsArrivalsLive() throws SQLException {
		try (Browser browser = Browser.open(port())) {
			logIn(browser, Personas.CLERK_X);
			assertThat(browser.path()).startsWith("/staff/sections/" + Personas.SECTION_X);
			browser.assertAccessible();
			browser.screenshot(Path.of("target/screenshots/inbox-section-ja.png"));

			// the page's script is connected once the server has its subscription
			Object before = browser.script("return document.querySelectorAll('#inbox-rows tr').length");
			TestSubmissions.Submitted arrived = TestSubmissions.submit(new ResidentClient(port()),
					this.registry.find("sodai-gomi").orElseThrow(), Map.of());
			new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
				.until((d) -> browser.text("#inbox-rows tr:first-child").contains(arrived.receiptNumber()));
			// the announcement is written 50 ms after the row, so that screen readers
			// read it again
			new WebDriverWait(browser.driver(), Duration.ofSeconds(5))
				.until((d) -> !browser.text("#inbox-live").isEmpty());
			assertThat(browser.text("#inbox-live")).contains("新しい申請が届きました").contains(arrived.receiptNumber());
			assertThat(browser.find("#inbox-rows tr:first-child a").getAttribute("href"))
				.endsWith("/staff/submissions/" + arrived.submissionId());
			assertThat(browser.script("return document.querySelectorAll('#inbox-rows tr').length"))
				.isEqualTo(((Number) before).longValue() + 1);
			browser.assertAccessible();
			browser.screenshot(Path.of("target/screenshots/inbox-section-live.png"));

			browser.go("/staff/sections/" + Personas.SECTION_X + "?lang=en&status=all");
			assertThat(browser.find("html").getAttribute("lang"))
				.as(() -> browser.path() + " " + browser.text("h1") + " "
						+ browser.script("return document.documentElement.outerHTML.substring(0, 300)"))
				.isEqualTo("en");
			browser.assertAccessible();
		}
	}

	@Test
	void startPageIsAccessible() {
		Personas.Staff both = new Personas.Staff("clerk-browser-xy", "兼務 六郎", List.of("clerk"),
				List.of(Personas.SECTION_X, Personas.SECTION_Y));
		try (Browser browser = Browser.open(port())) {
			logIn(browser, both);
			assertThat(browser.path()).isEqualTo("/staff");
			assertThat(browser.findAll(".section-list a")).hasSize(2);
			browser.assertAccessible();
			browser.screenshot(Path.of("target/screenshots/inbox-start.png"));
		}
	}

}
