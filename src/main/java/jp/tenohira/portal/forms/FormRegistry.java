package jp.tenohira.portal.forms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import jp.tenohira.portal.shared.LocalizedText;

/**
 * The procedures this node serves, loaded and checked once at start-up (a broken file
 * stops start-up), and every definition version a draft or submission was made under, so
 * that each re-renders with the form the resident saw.
 */
@Component
public class FormRegistry {

	private static final Logger logger = LoggerFactory.getLogger(FormRegistry.class);

	private final CityConfiguration city;

	private final DefinitionLoader loader;

	private final Map<String, ProcedureDefinition> current;

	private final Map<String, ProcedureDefinition> versions = new ConcurrentHashMap<>();

	public FormRegistry(FormsProperties properties) {
		Path location = properties.location().toAbsolutePath().normalize();
		if (!Files.isDirectory(location)) {
			throw new DefinitionException(
					List.of(location + ": the forms folder does not exist (portal.forms.location)"));
		}
		long started = System.nanoTime();
		this.city = loadCity(location);
		this.loader = DefinitionLoader.forDirectory(location, properties.maxUploadKb());
		Map<String, ProcedureDefinition> loaded = new LinkedHashMap<>();
		this.loader.loadAll(location, this.city).forEach((d) -> loaded.put(d.id(), d));
		this.current = Map.copyOf(loaded);
		this.current.values().forEach((d) -> this.versions.put(key(d.id(), d.version()), d));
		logger.info("Loaded {} procedure definitions ({} online) from {} in {} ms", this.current.size(),
				this.current.values().stream().filter(ProcedureDefinition::online).count(), location,
				(System.nanoTime() - started) / 1_000_000);
	}

	public CityConfiguration city() {
		return this.city;
	}

	public Collection<ProcedureDefinition> all() {
		return this.current.values();
	}

	/** The current definition of a procedure. */
	public Optional<ProcedureDefinition> find(String id) {
		return Optional.ofNullable(this.current.get(id));
	}

	/**
	 * A definition at a version known to this node (current, or restored by
	 * {@link #restore}).
	 */
	public Optional<ProcedureDefinition> find(String id, String version) {
		return Optional.ofNullable(this.versions.get(key(id, version)));
	}

	/**
	 * Re-reads an earlier version from its stored source, so old drafts and submissions
	 * keep their form.
	 */
	public ProcedureDefinition restore(String id, String source) {
		ProcedureDefinition definition = this.loader.parsePublished(id + ".yaml",
				source.getBytes(java.nio.charset.StandardCharsets.UTF_8), this.city);
		this.versions.putIfAbsent(key(definition.id(), definition.version()), definition);
		return definition;
	}

	private static String key(String id, String version) {
		return id + "@" + version;
	}

	static CityConfiguration loadCity(Path formsDir) {
		YAMLMapper yaml = new YAMLMapper();
		try {
			JsonNode organisation = yaml.readTree(Files.readString(formsDir.resolve("config/organisation.yaml")));
			JsonNode events = yaml.readTree(Files.readString(formsDir.resolve("config/life-events.yaml")));
			List<CityConfiguration.Department> departments = new ArrayList<>();
			for (JsonNode department : organisation.get("departments")) {
				String departmentId = department.get("id").asString();
				List<CityConfiguration.Section> sections = new ArrayList<>();
				department.get("sections")
					.forEach((s) -> sections.add(new CityConfiguration.Section(s.get("id").asString(),
							DefinitionLoader.text(s.get("name")), departmentId)));
				departments.add(new CityConfiguration.Department(departmentId,
						DefinitionLoader.text(department.get("name")), List.copyOf(sections)));
			}
			List<CityConfiguration.LifeEvent> lifeEvents = new ArrayList<>();
			events.get("lifeEvents")
				.forEach((e) -> lifeEvents.add(
						new CityConfiguration.LifeEvent(e.get("id").asString(), DefinitionLoader.text(e.get("name")))));
			JsonNode city = organisation.get("city");
			LocalizedText name = DefinitionLoader.text(city.get("name"));
			return new CityConfiguration(name, DefinitionLoader.text(city.get("office")),
					DefinitionLoader.text(city.get("hours")), List.copyOf(departments), List.copyOf(lifeEvents));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			throw new DefinitionException(
					List.of("config/organisation.yaml or config/life-events.yaml: " + ex.getMessage()));
		}
	}

}
