package jp.tenohira.portal.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium from the system packages on a phone-sized screen (375×812), with axe
 * accessibility checks. Browser tests run whenever Chromium is installed and fail, rather
 * than skip, when it is missing under CI.
 */
public final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

	private final WebDriver driver;

	private final String base;

	private Browser(WebDriver driver, String base) {
		this.driver = driver;
		this.base = base;
	}

	/** Starts Chromium, or skips the test when it is not installed outside CI. */
	public static Browser open(int port) {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException("CI=true but Chromium/ChromeDriver are not installed at " + CHROMIUM
					+ " and " + CHROMEDRIVER + " (.ci/run installs them)");
		}
		Assumptions.assumeTrue(installed, "Chromium is not installed: apt-get install chromium chromium-driver");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=375,812", "--lang=ja");
		options.setExperimentalOption("mobileEmulation",
				Map.of("deviceMetrics", Map.of("width", 375, "height", 812, "pixelRatio", 2.0)));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.withLogFile(new File("target/chromedriver.log"))
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return new Browser(driver, "http://localhost:" + port);
	}

	public WebDriver driver() {
		return this.driver;
	}

	public void go(String path) {
		this.driver.get(this.base + path);
	}

	public WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	public List<WebElement> findAll(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	public void type(String css, String text) {
		retrying(() -> {
			WebElement element = find(css);
			element.clear();
			element.sendKeys(text);
		});
	}

	/**
	 * Runs an interaction again when Chromium reports that the element went away under it
	 * (the page was still being swapped after a redirect); a missing element still fails
	 * at once.
	 */
	private void retrying(Runnable interaction) {
		for (int attempt = 1;; attempt++) {
			try {
				interaction.run();
				return;
			}
			catch (org.openqa.selenium.StaleElementReferenceException
					| org.openqa.selenium.ElementNotInteractableException ex) {
				if (attempt == 3) {
					throw ex;
				}
			}
			catch (org.openqa.selenium.WebDriverException ex) {
				if (attempt == 3 || ex.getMessage() == null
						|| !ex.getMessage().contains("does not belong to the document")) {
					throw ex;
				}
			}
			new WebDriverWait(this.driver, Duration.ofSeconds(5))
				.until((d) -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
		}
	}

	/** Clicks without expecting a new page (a radio button, a tick box). */
	public void click(String css) {
		retrying(() -> {
			WebElement element = find(css);
			((JavascriptExecutor) this.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
			element.click();
		});
	}

	/** Clicks a link or button and waits until the next page has replaced this one. */
	public void clickAndWait(String css) {
		// Mark this document; the mark is gone once a new document has loaded.
		script("window.__tenohiraOldPage = true");
		click(css);
		new WebDriverWait(this.driver, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.WebDriverException.class)
			.until((d) -> Boolean.TRUE.equals(((JavascriptExecutor) d)
				.executeScript("return window.__tenohiraOldPage === undefined && document.readyState === 'complete'")));
	}

	public String path() {
		return this.driver.getCurrentUrl().replace(this.base, "");
	}

	public String text(String css) {
		return find(css).getText();
	}

	public Object script(String script) {
		return ((JavascriptExecutor) this.driver).executeScript(script);
	}

	/**
	 * Asserts axe finds no serious or critical WCAG 2.x A/AA violations on the current
	 * page.
	 */
	public void assertAccessible() {
		Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
			.analyze(this.driver);
		List<Rule> serious = results.getViolations()
			.stream()
			.filter((v) -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
			.toList();
		assertThat(serious).as(() -> path() + ": " + serious.stream()
			.map((v) -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " at "
					+ v.getNodes().stream().map((n) -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
			.collect(Collectors.joining("; "))).isEmpty();
	}

	/** Saves a screenshot of the current page (for a person to look at). */
	public void screenshot(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, ((org.openqa.selenium.TakesScreenshot) this.driver)
				.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
