package jp.tenohira.portal.inbox;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox's own message bundle: the same keys in Japanese and English, none blank, and
 * every key the inbox templates and code use present.
 */
class InboxMessagesTests {

	private static final Path RESOURCES = Path.of("src/main/resources");

	private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([a-zA-Z0-9.-]+)[(}]");

	private static final Pattern CODE_KEY = Pattern.compile("\"(inbox\\.[a-zA-Z0-9.-]+[a-zA-Z0-9])\"");

	private static Properties load(String file) throws IOException {
		Properties properties = new Properties();
		try (var reader = new InputStreamReader(Files.newInputStream(RESOURCES.resolve(file)),
				StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return properties;
	}

	@Test
	void japaneseAndEnglishHaveTheSameKeys() throws IOException {
		Properties japanese = load("i18n/inbox.properties");
		Properties english = load("i18n/inbox_en.properties");
		assertThat(english.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(japanese.stringPropertyNames());
		assertThat(japanese.stringPropertyNames()).allMatch((key) -> key.startsWith("inbox."));
		for (Properties bundle : new Properties[] { japanese, english }) {
			bundle.forEach((key, value) -> assertThat(value.toString()).as(key.toString()).isNotBlank());
		}
	}

	@Test
	void everyKeyTheInboxUsesExists() throws IOException {
		Set<String> known = new TreeSet<>(load("messages.properties").stringPropertyNames());
		known.addAll(load("i18n/inbox.properties").stringPropertyNames());
		Set<String> used = new TreeSet<>();
		try (Stream<Path> files = Stream.concat(Files.walk(RESOURCES.resolve("templates/inbox")),
				Files.walk(Path.of("src/main/java/jp/tenohira/portal/inbox")))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Matcher matcher = (file.toString().endsWith(".html") ? TEMPLATE_KEY : CODE_KEY)
					.matcher(Files.readString(file));
				while (matcher.find()) {
					used.add(matcher.group(1));
				}
			}
		}
		// keys built from a name (inbox.filter.invalid.<field>) are listed here
		for (String field : new String[] { "from", "to", "receipt", "kana" }) {
			used.add("inbox.filter.invalid." + field);
		}
		assertThat(used).hasSizeGreaterThan(40);
		assertThat(known).containsAll(used);
	}

}
