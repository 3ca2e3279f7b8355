package jp.tenohira.portal.forms;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Postal code to address (prefecture, city, town) from Japan Post's KEN_ALL CSV
 * (Shift_JIS), read once at start-up. Without a configured file residents type the
 * address by hand.
 */
@Component
public class PostalCodeDirectory {

	private static final Logger logger = LoggerFactory.getLogger(PostalCodeDirectory.class);

	private final Map<String, String> addresses;

	public PostalCodeDirectory(PostalProperties properties) {
		this.addresses = (properties.kenAllPath() != null && !properties.kenAllPath().toString().isBlank())
				? read(properties.kenAllPath()) : Map.of();
	}

	/**
	 * Where Japan Post's postal code data lives.
	 *
	 * @param kenAllPath path of a KEN_ALL-format CSV (Shift_JIS); none means addresses
	 * are typed by hand
	 */
	@ConfigurationProperties("portal.postal")
	public record PostalProperties(Path kenAllPath) {
	}

	public boolean isAvailable() {
		return !this.addresses.isEmpty();
	}

	/** The address for a postal code written with or without the hyphen. */
	public Optional<String> find(String postalCode) {
		String digits = postalCode.replaceAll("[^0-9]", "");
		return Optional.ofNullable(this.addresses.get(digits));
	}

	private static Map<String, String> read(Path path) {
		Map<String, String> addresses = new HashMap<>();
		try (BufferedReader reader = Files.newBufferedReader(path, Charset.forName("windows-31j"))) {
			String line;
			while ((line = reader.readLine()) != null) {
				String[] columns = line.replace("\"", "").split(",");
				if (columns.length < 9) {
					continue;
				}
				String town = columns[8].replaceAll("（.*", "");
				if (town.equals("以下に掲載がない場合") || town.endsWith("の次に番地がくる場合") || town.endsWith("一円")) {
					town = "";
				}
				addresses.putIfAbsent(columns[2], columns[6] + columns[7] + town);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the postal code file " + path, ex);
		}
		logger.info("Loaded {} postal codes from {}", addresses.size(), path);
		return Map.copyOf(addresses);
	}

}
