package jp.tenohira.portal.web;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import jp.tenohira.portal.submission.SubmissionStatus;
import jp.tenohira.portal.submission.WorkflowAction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every UI text exists in every shipped language, and every message key a template or the
 * code uses exists.
 */
class MessagesTests {

	private static final Path RESOURCES = Path.of("src/main/resources");

	private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([a-zA-Z0-9.-]+)[(}]");

	private static final Pattern CODE_KEY = Pattern
		.compile("\"((?:error|form|check|receipt|catalog|procedure|ratelimit|errorpage|login|case|staff|status|action"
				+ "|workflow|inbox|casework|audit)\\.[a-zA-Z0-9.-]+)\"");

	/**
	 * Each bundle: its Japanese file and the other languages it must match key for key.
	 */
	private static final String[][] BUNDLES = {
			{ "messages.properties", "messages_en.properties", "messages_ja__EASY.properties" },
			{ "i18n/inbox.properties", "i18n/inbox_en.properties" },
			{ "i18n/casework.properties", "i18n/casework_en.properties" },
			{ "i18n/mail.properties", "i18n/mail_en.properties" } };

	private static Properties load(String file) throws IOException {
		Properties properties = new Properties();
		try (var reader = new InputStreamReader(Files.newInputStream(RESOURCES.resolve(file)),
				StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return properties;
	}

	@Test
	void everyLanguageHasEveryKey() throws IOException {
		for (String[] bundle : BUNDLES) {
			Set<String> japanese = load(bundle[0]).stringPropertyNames();
			for (int i = 1; i < bundle.length; i++) {
				String file = bundle[i];
				Set<String> other = load(file).stringPropertyNames();
				assertThat(other).as(file).containsExactlyInAnyOrderElementsOf(japanese);
				load(file).forEach((key, value) -> assertThat(value.toString()).as(file + " " + key).isNotBlank());
			}
		}
	}

	@Test
	void everyStatusActionAndWorkflowErrorHasItsText() throws IOException {
		Set<String> keys = load("messages.properties").stringPropertyNames();
		for (SubmissionStatus status : SubmissionStatus.values()) {
			assertThat(keys).contains(status.messageKey());
		}
		for (WorkflowAction action : WorkflowAction.values()) {
			assertThat(keys).contains(action.messageKey());
		}
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			Pattern thrown = Pattern.compile("new WorkflowException\\(\"([a-z-]+)\"\\)");
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Matcher matcher = thrown.matcher(Files.readString(file));
				while (matcher.find()) {
					assertThat(keys).contains("workflow.error." + matcher.group(1));
				}
			}
		}
	}

	private static Set<String> allJapaneseKeys() throws IOException {
		Set<String> keys = new TreeSet<>();
		for (String[] bundle : BUNDLES) {
			keys.addAll(load(bundle[0]).stringPropertyNames());
		}
		return keys;
	}

	@Test
	void everyKeyUsedInTemplatesAndCodeExists() throws IOException {
		Set<String> used = new TreeSet<>();
		try (Stream<Path> files = Stream.concat(Files.walk(RESOURCES.resolve("templates")),
				Files.walk(Path.of("src/main/java")))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String text = Files.readString(file);
				Matcher matcher = (file.toString().endsWith(".html") ? TEMPLATE_KEY : CODE_KEY).matcher(text);
				while (matcher.find()) {
					String key = matcher.group(1);
					if (!key.endsWith(".")) {
						used.add(key);
					}
				}
			}
		}
		assertThat(used).hasSizeGreaterThan(50);
		assertThat(allJapaneseKeys()).containsAll(used);
	}

	@Test
	void templatesContainNoUnescapedOutput() throws IOException {
		try (Stream<Path> files = Files.walk(RESOURCES.resolve("templates"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				assertThat(Files.readString(file)).as(file.toString()).doesNotContain("th:utext").doesNotContain("[(");
			}
		}
	}

}
