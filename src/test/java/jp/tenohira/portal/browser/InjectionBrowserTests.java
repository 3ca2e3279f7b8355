package jp.tenohira.portal.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.support.Browser;
import jp.tenohira.portal.support.PortalIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S7 and S8 in a real browser: script and template-expression payloads in every text of a
 * definition (title, summary, labels, help, options) and in every free-text answer, a
 * file name and the search query are shown literally on the catalog, form, check and
 * receipt pages; nothing executes and nothing is evaluated.
 */
@PortalIntegrationTest
class InjectionBrowserTests {

	static final List<String> PAYLOADS = List.of("<script>window.__xss=1</script>",
			"\"><img src=x onerror=\"window.__xss=2\">", "<svg onload=window.__xss=3>", "javascript:window.__xss=4",
			"${7*7}", "__${7*7}__", "[[${7*7}]]", "[(${7*7})]", "#{site.name}", "*{7*7}", "'';!--\"<XSS>=&{()}");

	static final String TITLE = PAYLOADS.get(0) + " ${7*7} 申請";

	@Autowired
	Environment environment;

	@DynamicPropertySource
	static void formsWithInjectionCorpus(DynamicPropertyRegistry registry) throws IOException {
		Path forms = Files.createTempDirectory("tenohira-forms-xss");
		Path source = Path.of("forms");
		for (String file : List.of("schema/procedure.schema.json", "config/organisation.yaml",
				"config/life-events.yaml")) {
			Files.createDirectories(forms.resolve(file).getParent());
			Files.copy(source.resolve(file), forms.resolve(file));
		}
		Files.writeString(forms.resolve("xss-corpus.yaml"), definition());
		registry.add("portal.forms.location", forms::toString);
	}

	/** A definition whose every text carries a payload, with one field of every type. */
	static String definition() {
		StringBuilder yaml = new StringBuilder();
		yaml.append("id: xss-corpus\n");
		yaml.append("title: ").append(text(TITLE, true)).append('\n');
		yaml.append("summary: ").append(text(PAYLOADS.get(1) + PAYLOADS.get(5), true)).append('\n');
		yaml.append("section: shimin\nlifeEvents: [certificates]\nkeywords: [xsscorpus]\n");
		yaml.append("eligibility: ").append(text(PAYLOADS.get(2), false)).append('\n');
		yaml.append("bring: [").append(text(PAYLOADS.get(3), false)).append("]\n");
		yaml.append("fee: ").append(text(PAYLOADS.get(6), false)).append('\n');
		yaml.append("assurance: none\nonline: true\npages:\n");
		yaml.append("  - id: answers\n    title: ").append(text(PAYLOADS.get(7), false)).append('\n');
		yaml.append("    help: ").append(text(PAYLOADS.get(8), false)).append("\n    fields:\n");
		String[][] fields = { { "t-text", "text" }, { "t-textarea", "textarea" }, { "t-number", "number" },
				{ "t-yen", "yen" }, { "t-date", "date" }, { "t-name", "name" }, { "t-address", "address" },
				{ "t-phone", "phone" }, { "t-email", "email" }, { "t-bank", "bank-account" } };
		int i = 0;
		for (String[] field : fields) {
			yaml.append("      - id: ").append(field[0]).append("\n        type: ").append(field[1]);
			yaml.append("\n        label: ").append(text(PAYLOADS.get(i++ % PAYLOADS.size()) + " " + field[1], false));
			yaml.append("\n        help: ").append(text(PAYLOADS.get(i % PAYLOADS.size()), false)).append('\n');
		}
		for (String style : List.of("radio", "select", "checkbox")) {
			yaml.append("      - id: t-").append(style).append("\n        type: choice\n        style: ").append(style);
			yaml.append("\n        label: ").append(text(PAYLOADS.get(9) + " " + style, false));
			yaml.append("\n        options:\n          - { value: a, label: ").append(text(PAYLOADS.get(0), false));
			yaml.append(" }\n          - { value: b, label: ").append(text(PAYLOADS.get(4), false)).append(" }\n");
		}
		yaml.append("      - id: t-group\n        type: group\n        label: ").append(text(PAYLOADS.get(10), false));
		yaml.append("\n        itemLabel: ").append(text(PAYLOADS.get(2), false));
		yaml.append("\n        fields:\n          - { id: t-item, type: text, label: ")
			.append(text(PAYLOADS.get(1), false))
			.append(" }\n");
		yaml.append("  - id: attach\n    title: ").append(text(PAYLOADS.get(3), false)).append("\n    fields:\n");
		yaml.append("      - id: t-file\n        type: file\n        label: ").append(text(PAYLOADS.get(5), false));
		yaml.append("\n      - id: t-consent\n        type: consent\n        required: true\n        label: ")
			.append(text(PAYLOADS.get(0), false))
			.append('\n');
		return yaml.toString();
	}

	private static String text(String value, boolean full) {
		String quoted = quote(value);
		return "{ ja: " + quoted + ", en: " + quoted + (full ? ", easy: " + quoted : "") + " }";
	}

	private static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	@Test
	void payloadsAreShownLiterallyAndNeverRun() throws IOException {
		int port = Integer.parseInt(this.environment.getProperty("local.server.port"));
		try (Browser browser = Browser.open(port)) {
			browser.go("/procedures?q="
					+ java.net.URLEncoder.encode(PAYLOADS.get(1), java.nio.charset.StandardCharsets.UTF_8));
			assertInert(browser);
			assertThat(browser.find("#q").getAttribute("value")).isEqualTo(PAYLOADS.get(1));

			browser.go("/procedures?q=xsscorpus");
			assertThat(browser.find(".procedure-list a").getText()).isEqualTo(TITLE);
			browser.clickAndWait(".procedure-list a");
			assertInert(browser);
			assertThat(browser.text("h1")).isEqualTo(TITLE);
			assertThat(browser.find("main").getText()).contains(PAYLOADS.get(1) + PAYLOADS.get(5))
				.contains(PAYLOADS.get(2))
				.contains(PAYLOADS.get(3))
				.contains(PAYLOADS.get(6))
				.doesNotContain("49");

			assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
				.as("long unbroken text wraps instead of scrolling sideways")
				.isEqualTo(true);
			browser.clickAndWait(".apply-box button[type=submit]");
			assertInert(browser);
			assertThat(browser.text("h1")).isEqualTo(PAYLOADS.get(7));
			for (WebElement input : browser.findAll("main input[type=text], main textarea, main input[type=email]")) {
				input.sendKeys(PAYLOADS.get(2) + PAYLOADS.get(4));
			}
			browser.clickAndWait(".actions button[value=next]");
			assertInert(browser);
			assertThat(browser.findAll("#error-summary")).hasSize(1);
			assertThat(browser.find("#f-t-text").getAttribute("value")).isEqualTo(PAYLOADS.get(2) + PAYLOADS.get(4));

			browser.type("#f-t-number", "3");
			browser.type("#f-t-yen", "1000");
			browser.type("#f-t-date", LocalDate.now(CityTime.ZONE).toString());
			browser.type("#f-t-name-family-kana", "テスト");
			browser.type("#f-t-name-given-kana", "テスト");
			browser.type("#f-t-address-postal-code", "963-8601");
			browser.type("#f-t-phone", "0312345678");
			browser.type("#f-t-email", "x@example.jp");
			browser.type("#f-t-bank-number", "1234567");
			browser.type("#f-t-bank-holder", "テスト");
			new org.openqa.selenium.support.ui.Select(browser.find("#f-t-bank-kind")).selectByValue("ordinary");
			browser.click("#f-t-radio-a");
			new org.openqa.selenium.support.ui.Select(browser.find("#f-t-select")).selectByValue("b");
			browser.click("#f-t-checkbox-a");
			browser.clickAndWait(".actions button[value=next]");
			assertThat(browser.path()).contains("/pages/attach");
			assertInert(browser);

			Path dir = Files.createTempDirectory("upload");
			Path file = dir.resolve("\"><img src=x onerror=window.__xss=5>.pdf");
			Files.write(file, "%PDF-1.4\n%%EOF\n".getBytes());
			browser.find("#f-t-file-upload").sendKeys(file.toString());
			browser.click("#f-t-consent");
			browser.clickAndWait(".actions button[value=next]");
			assertThat(browser.path()).endsWith("/check");
			assertInert(browser);
			String check = browser.find("main").getText();
			assertThat(check).contains(PAYLOADS.get(2) + PAYLOADS.get(4))
				.contains(PAYLOADS.get(0))
				.contains("_img src=x onerror=window.__xss=5_.pdf")
				.doesNotContain("49");

			browser.clickAndWait("form[action$='/submit'] button");
			assertInert(browser);
			assertThat(browser.find("main").getText()).contains(TITLE);
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	/** No payload ran, none became markup, and the page is still accessible. */
	private static void assertInert(Browser browser) {
		assertThat(browser.script("return window.__xss === undefined")).as(browser.path()).isEqualTo(true);
		assertThat(browser.script("return document.querySelectorAll('script, svg, img, [onerror], [onload]').length"))
			.as(browser.path())
			.isEqualTo(0L);
		browser.assertAccessible();
	}

}
