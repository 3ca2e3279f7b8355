package jp.tenohira.portal.web;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every UI text exists in every shipped language, and every message key a template or the
 * code uses exists.
 */
class MessagesTests {

	private static final Path RESOURCES = Path.of("src/main/resources");

	private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([a-zA-Z0-9.]+)[(}]");

	private static final Pattern CODE_KEY = Pattern
		.compile("\"((?:error|form|check|receipt|catalog|procedure|ratelimit|errorpage|login)\\.[a-zA-Z0-9.]+)\"");

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
		Set<String> japanese = load("messages.properties").stringPropertyNames();
		for (String file : new String[] { "messages_en.properties", "messages_ja__EASY.properties" }) {
			Set<String> other = load(file).stringPropertyNames();
			assertThat(other).as(file).containsExactlyInAnyOrderElementsOf(japanese);
			load(file).forEach((key, value) -> assertThat(value.toString()).as(file + " " + key).isNotBlank());
		}
		// feature bundles (spring.messages.basename): Japanese and English; やさしい日本語 falls
		// back
		// to Japanese
		for (String bundle : featureBundles()) {
			Set<String> keys = load(bundle + ".properties").stringPropertyNames();
			assertThat(load(bundle + "_en.properties").stringPropertyNames()).as(bundle)
				.containsExactlyInAnyOrderElementsOf(keys);
		}
	}

	/** The feature bundles under i18n/, by base name. */
	private static List<String> featureBundles() throws IOException {
		try (Stream<Path> files = Files.list(RESOURCES.resolve("i18n"))) {
			return files.map((f) -> f.getFileName().toString())
				.filter((name) -> name.endsWith(".properties") && !name.contains("_"))
				.map((name) -> "i18n/" + name.substring(0, name.length() - ".properties".length()))
				.sorted()
				.toList();
		}
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
		Set<String> known = new TreeSet<>(load("messages.properties").stringPropertyNames());
		for (String bundle : featureBundles()) {
			known.addAll(load(bundle + ".properties").stringPropertyNames());
		}
		assertThat(known).containsAll(used);
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
