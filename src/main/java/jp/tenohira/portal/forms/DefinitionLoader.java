package jp.tenohira.portal.forms;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.serialization.DefaultNodeReader;
import com.networknt.schema.serialization.NodeReader;
import com.networknt.schema.serialization.node.TokenStreamLocationAware;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import jp.tenohira.portal.forms.FieldDefinition.Basics;
import jp.tenohira.portal.forms.FieldDefinition.ChoiceStyle;
import jp.tenohira.portal.forms.FieldDefinition.DateBound;
import jp.tenohira.portal.forms.FieldDefinition.FileKind;
import jp.tenohira.portal.forms.FieldDefinition.Option;
import jp.tenohira.portal.forms.FieldDefinition.TextFormat;
import jp.tenohira.portal.shared.LocalizedText;

/**
 * Reads procedure definitions: YAML with line numbers, checked against the published JSON
 * Schema, then against the rules a schema cannot say (sections and life events exist, ids
 * are unique, conditions only look back at fields that can answer them). Every problem is
 * reported as {@code file:line: problem}.
 */
public final class DefinitionLoader {

	static final String SCHEMA_FILE = "schema/procedure.schema.json";

	private static final Set<FieldType> CONDITION_SOURCES = EnumSet.of(FieldType.CHOICE, FieldType.CONSENT,
			FieldType.NUMBER, FieldType.YEN);

	private final Schema schema;

	private final NodeReader reader;

	private final int maxUploadKb;

	private DefinitionLoader(Schema schema, NodeReader reader, int maxUploadKb) {
		this.schema = schema;
		this.reader = reader;
		this.maxUploadKb = maxUploadKb;
	}

	/** A loader using the schema published in {@code formsDir/schema/}. */
	public static DefinitionLoader forDirectory(Path formsDir, int maxUploadKb) {
		Path schemaFile = formsDir.resolve(SCHEMA_FILE);
		if (!Files.isRegularFile(schemaFile)) {
			throw new DefinitionException(List.of(schemaFile + ": the definition schema is missing"));
		}
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
		try (InputStream in = Files.newInputStream(schemaFile)) {
			Schema schema = registry.getSchema(in, InputFormat.JSON);
			return new DefinitionLoader(schema, DefaultNodeReader.builder().locationAware().build(), maxUploadKb);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Loads every procedure file under {@code formsDir}, except {@code schema/} and
	 * {@code config/}.
	 */
	public List<ProcedureDefinition> loadAll(Path formsDir, CityConfiguration city) {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(formsDir)) {
			files = walk.filter((p) -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
				.filter((p) -> !formsDir.relativize(p).startsWith("schema")
						&& !formsDir.relativize(p).startsWith("config"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> problems = new ArrayList<>();
		List<ProcedureDefinition> definitions = new ArrayList<>();
		Map<String, String> seenIds = new HashMap<>();
		for (Path file : files) {
			String name = formsDir.relativize(file).toString();
			try {
				ProcedureDefinition definition = parse(name, Files.readAllBytes(file), city);
				String earlier = seenIds.putIfAbsent(definition.id(), name);
				if (earlier != null) {
					problems.add(name + ":1: id '" + definition.id() + "' is already used by " + earlier);
				}
				definitions.add(definition);
			}
			catch (DefinitionException ex) {
				problems.addAll(ex.problems());
			}
			catch (IOException ex) {
				problems.add(name + ": cannot be read: " + ex.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			throw new DefinitionException(problems);
		}
		return definitions;
	}

	/**
	 * Parses and checks one definition; {@code name} is how problems refer to the file.
	 */
	public ProcedureDefinition parse(String name, byte[] content, CityConfiguration city) {
		return parse(name, content, city, true);
	}

	/**
	 * Re-reads a version that was valid when it was served. Checks against today's
	 * organisation (sections, life events, upload limit) are skipped: a section merged or
	 * renamed since must not make old drafts and submissions unreadable. The structure is
	 * still checked.
	 */
	public ProcedureDefinition parsePublished(String name, byte[] content, CityConfiguration city) {
		return parse(name, content, city, false);
	}

	private ProcedureDefinition parse(String name, byte[] content, CityConfiguration city, boolean checkCity) {
		JsonNode root;
		try {
			root = this.reader.readTree(new ByteArrayInputStream(content), InputFormat.YAML);
		}
		catch (JacksonException ex) {
			int line = (ex.getLocation() != null) ? ex.getLocation().getLineNr() : 0;
			throw new DefinitionException(List.of(name + ":" + line + ": not valid YAML: " + ex.getOriginalMessage()));
		}
		if (root == null || !root.isObject()) {
			throw new DefinitionException(List.of(name + ":1: a definition must be a YAML mapping"));
		}
		List<Error> errors = this.schema.validate(root);
		if (!errors.isEmpty()) {
			throw new DefinitionException(errors.stream()
				.map((e) -> name + ":" + line(find(root, e.getInstanceLocation())) + ": " + e.getInstanceLocation()
						+ " " + e.getMessage())
				.distinct()
				.toList());
		}
		FileParser parser = new FileParser(name, city, checkCity);
		ProcedureDefinition definition = parser.procedure(root, content);
		String expectedId = Path.of(name).getFileName().toString().replaceFirst("\\.ya?ml$", "");
		if (!definition.id().equals(expectedId)) {
			parser.problem(root.get("id"),
					"id '" + definition.id() + "' must match the file name '" + expectedId + "'");
		}
		if (!parser.problems.isEmpty()) {
			throw new DefinitionException(parser.problems);
		}
		return definition;
	}

	static String version(byte[] content) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
			return HexFormat.of().formatHex(digest, 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode find(JsonNode root, NodePath path) {
		JsonNode node = root;
		for (int i = 0; i < path.getNameCount(); i++) {
			Object element = path.getElement(i);
			JsonNode next = (element instanceof Integer index) ? node.get(index) : node.get(String.valueOf(element));
			if (next == null) {
				break;
			}
			node = next;
		}
		return node;
	}

	static int line(JsonNode node) {
		if (node instanceof TokenStreamLocationAware located && located.tokenStreamLocation() != null) {
			return located.tokenStreamLocation().getLineNr();
		}
		return 1;
	}

	/** Builds the model of one schema-valid file and collects semantic problems. */
	private final class FileParser {

		private final String name;

		private final CityConfiguration city;

		private final List<String> problems = new ArrayList<>();

		/** Fields declared so far, in order: conditions may only look back at these. */
		private final Map<String, FieldDefinition> declared = new LinkedHashMap<>();

		private final Set<String> pageIds = new HashSet<>();

		private final boolean checkCity;

		private AssuranceLevel assurance = AssuranceLevel.NONE;

		private boolean hasLegalBasis;

		FileParser(String name, CityConfiguration city, boolean checkCity) {
			this.name = name;
			this.city = city;
			this.checkCity = checkCity;
		}

		void problem(JsonNode at, String message) {
			this.problems.add(this.name + ":" + line(at) + ": " + message);
		}

		ProcedureDefinition procedure(JsonNode root, byte[] content) {
			String section = root.get("section").asString();
			if (this.checkCity && this.city.section(section).isEmpty()) {
				problem(root.get("section"), "section '" + section + "' is not in config/organisation.yaml");
			}
			List<String> lifeEvents = new ArrayList<>();
			for (JsonNode event : root.get("lifeEvents")) {
				if (this.checkCity && this.city.lifeEvent(event.asString()).isEmpty()) {
					problem(event, "life event '" + event.asString() + "' is not in config/life-events.yaml");
				}
				lifeEvents.add(event.asString());
			}
			AssuranceLevel assurance = AssuranceLevel.fromCode(root.get("assurance").asString());
			this.assurance = assurance;
			this.hasLegalBasis = root.has("legalBasis");
			boolean online = root.get("online").asBoolean();
			List<Page> pages = new ArrayList<>();
			if (online) {
				for (JsonNode page : root.get("pages")) {
					pages.add(page(page));
				}
			}
			Routing routing = routing(root.get("routing"), section);
			JsonNode counter = root.get("counter");
			return new ProcedureDefinition(root.get("id").asString(), version(content),
					new String(content, java.nio.charset.StandardCharsets.UTF_8), text(root.get("title")),
					text(root.get("summary")), section, List.copyOf(lifeEvents), strings(root.get("keywords")),
					text(root.get("eligibility")), texts(root.get("bring")), text(root.get("fee")), assurance, online,
					(counter != null) ? new ProcedureDefinition.Counter(text(counter.get("place")),
							text(counter.get("hours")), stringOrNull(counter.get("phone"))) : null,
					List.copyOf(pages), routing, text(root.get("legalBasis")));
		}

		private Page page(JsonNode node) {
			String id = node.get("id").asString();
			if (!this.pageIds.add(id)) {
				problem(node.get("id"), "page id '" + id + "' is used twice");
			}
			Condition when = condition(node.get("when"));
			List<FieldDefinition> fields = new ArrayList<>();
			for (JsonNode field : node.get("fields")) {
				FieldDefinition definition = field(field, false);
				fields.add(definition);
				this.declared.put(definition.id(), definition);
			}
			return new Page(id, text(node.get("title")), text(node.get("help")), when, List.copyOf(fields));
		}

		private FieldDefinition field(JsonNode node, boolean inGroup) {
			String id = node.get("id").asString();
			if (this.declared.containsKey(id)) {
				problem(node.get("id"), "field id '" + id + "' is used twice");
			}
			FieldType type = FieldType.fromCode(node.get("type").asString());
			if (inGroup && node.has("when")) {
				problem(node.get("when"), "fields inside a group cannot have conditions");
			}
			Basics basics = new Basics(id, text(node.get("label")), text(node.get("help")),
					node.path("required").asBoolean(false), condition(node.get("when")), fromCard(node, type, inGroup));
			FieldDefinition field = switch (type) {
				case TEXT -> new FieldDefinition.TextField(basics, intOr(node, "minLength", 0),
						intOr(node, "maxLength", 200),
						node.has("format")
								? TextFormat.valueOf(node.get("format").asString().toUpperCase(java.util.Locale.ROOT))
								: null);
				case TEXTAREA -> new FieldDefinition.TextAreaField(basics, intOr(node, "minLength", 0),
						intOr(node, "maxLength", 2000));
				case NUMBER -> new FieldDefinition.NumberField(basics, longOrNull(node.get("min")),
						longOrNull(node.get("max")), text(node.get("unit")));
				case YEN ->
					new FieldDefinition.YenField(basics, longOrNull(node.get("min")), longOrNull(node.get("max")));
				case DATE ->
					new FieldDefinition.DateField(basics, dateBound(node.get("min")), dateBound(node.get("max")));
				case CHOICE -> choice(node, basics);
				case NAME -> new FieldDefinition.NameField(basics);
				case ADDRESS -> new FieldDefinition.AddressField(basics);
				case PHONE -> new FieldDefinition.PhoneField(basics);
				case EMAIL -> new FieldDefinition.EmailField(basics);
				case BANK_ACCOUNT -> new FieldDefinition.BankAccountField(basics);
				case GROUP -> group(node, basics, inGroup);
				case FILE -> file(node, basics, inGroup);
				case CONSENT -> new FieldDefinition.ConsentField(basics);
				case MY_NUMBER -> myNumber(node, basics, inGroup);
			};
			checkRanges(node);
			return field;
		}

		/**
		 * {@code fromCard}: only text and date fields, outside groups, of procedures
		 * whose login is the My Number card.
		 */
		private CardAttribute fromCard(JsonNode node, FieldType type, boolean inGroup) {
			JsonNode from = node.get("fromCard");
			if (from == null) {
				return null;
			}
			if (type != FieldType.TEXT && type != FieldType.DATE) {
				problem(from, "fromCard is allowed only on text and date fields, not on " + type.code());
			}
			if (inGroup) {
				problem(from, "fields inside a group cannot come from the card");
			}
			if (!this.assurance.isCard()) {
				problem(from, "fromCard needs assurance jpki-auth or jpki-sign (the card login provides it), not "
						+ this.assurance.code());
			}
			return CardAttribute.fromCode(from.asString());
		}

		/**
		 * A My Number may be collected only where the law allows it, with identity proved
		 * by the card signature, and once per field (never repeated in a group).
		 */
		private FieldDefinition myNumber(JsonNode node, Basics basics, boolean inGroup) {
			if (inGroup) {
				problem(node, "a my-number field cannot be inside a group");
			}
			if (!this.hasLegalBasis) {
				problem(node, "a my-number field needs the procedure's legalBasis (the law that allows "
						+ "collecting the My Number)");
			}
			if (this.assurance != AssuranceLevel.JPKI_SIGN) {
				problem(node, "a my-number field needs assurance jpki-sign (identity proved by the card signature), "
						+ "not " + this.assurance.code());
			}
			return new FieldDefinition.MyNumberField(basics);
		}

		private FieldDefinition choice(JsonNode node, Basics basics) {
			if (!node.has("options")) {
				problem(node, "a choice field needs options");
				return new FieldDefinition.ChoiceField(basics, ChoiceStyle.RADIO, List.of());
			}
			Set<String> values = new HashSet<>();
			List<Option> options = new ArrayList<>();
			for (JsonNode option : node.get("options")) {
				String value = option.get("value").asString();
				if (!values.add(value)) {
					problem(option, "option value '" + value + "' is used twice");
				}
				options.add(new Option(value, text(option.get("label"))));
			}
			ChoiceStyle style = ChoiceStyle
				.valueOf(node.path("style").asString("radio").toUpperCase(java.util.Locale.ROOT));
			return new FieldDefinition.ChoiceField(basics, style, List.copyOf(options));
		}

		private FieldDefinition group(JsonNode node, Basics basics, boolean inGroup) {
			if (inGroup) {
				problem(node, "a group cannot contain another group");
			}
			if (!node.has("fields")) {
				problem(node, "a group needs fields");
				return new FieldDefinition.GroupField(basics, List.of(), 0, 1, null);
			}
			List<FieldDefinition> fields = new ArrayList<>();
			for (JsonNode child : node.get("fields")) {
				FieldDefinition field = field(child, true);
				this.declared.put(field.id(), field);
				fields.add(field);
			}
			int minItems = intOr(node, "minItems", basics.required() ? 1 : 0);
			int maxItems = intOr(node, "maxItems", 10);
			if (minItems > maxItems) {
				problem(node, "minItems " + minItems + " is more than maxItems " + maxItems);
			}
			return new FieldDefinition.GroupField(basics, List.copyOf(fields), minItems, maxItems,
					text(node.get("itemLabel")));
		}

		private FieldDefinition file(JsonNode node, Basics basics, boolean inGroup) {
			if (inGroup) {
				problem(node, "a group cannot contain a file field");
			}
			Set<FileKind> accept = EnumSet.noneOf(FileKind.class);
			if (node.has("accept")) {
				node.get("accept")
					.forEach((k) -> accept.add(FileKind.valueOf(k.asString().toUpperCase(java.util.Locale.ROOT))));
			}
			else {
				accept.addAll(EnumSet.allOf(FileKind.class));
			}
			int maxSizeKb = intOr(node, "maxSizeKb", Math.min(5120, DefinitionLoader.this.maxUploadKb));
			if (this.checkCity && maxSizeKb > DefinitionLoader.this.maxUploadKb) {
				problem(node.get("maxSizeKb"), "maxSizeKb " + maxSizeKb + " is above the portal's upload limit of "
						+ DefinitionLoader.this.maxUploadKb + " KiB");
			}
			return new FieldDefinition.FileField(basics, Set.copyOf(accept), maxSizeKb);
		}

		private void checkRanges(JsonNode node) {
			if (node.has("minLength") && node.has("maxLength")
					&& node.get("minLength").asInt() > node.get("maxLength").asInt()) {
				problem(node, "minLength is more than maxLength");
			}
			if (node.has("min") && node.has("max") && node.get("min").isNumber() && node.get("max").isNumber()
					&& node.get("min").asLong() > node.get("max").asLong()) {
				problem(node, "min is more than max");
			}
		}

		private Condition condition(JsonNode node) {
			if (node == null) {
				return Condition.ALWAYS;
			}
			if (node.has("all") || node.has("any")) {
				List<Condition> parts = new ArrayList<>();
				node.get(node.has("all") ? "all" : "any").forEach((c) -> parts.add(condition(c)));
				return node.has("all") ? new Condition.All(List.copyOf(parts)) : new Condition.Any(List.copyOf(parts));
			}
			String field = node.get("field").asString();
			FieldDefinition source = this.declared.get(field);
			if (source == null) {
				problem(node, "condition refers to '" + field
						+ "', which is not a field declared earlier (conditions may only look back)");
			}
			else if (!CONDITION_SOURCES.contains(source.type())) {
				problem(node, "condition refers to '" + field + "' of type " + source.type().code()
						+ "; only choice, consent, number and yen fields can drive conditions");
			}
			if (node.has("answered")) {
				return new Condition.Answered(field, node.get("answered").asBoolean());
			}
			List<String> values = new ArrayList<>();
			if (node.has("in")) {
				node.get("in").forEach((v) -> values.add(v.asString()));
			}
			else {
				values.add(node.get("equals").asString());
			}
			if (source instanceof FieldDefinition.ChoiceField choice) {
				values.stream()
					.filter((v) -> !choice.hasOption(v))
					.forEach((v) -> problem(node, "'" + v + "' is not an option of '" + field + "'"));
			}
			if (source instanceof FieldDefinition.ConsentField) {
				values.stream()
					.filter((v) -> !v.equals("true") && !v.equals("false"))
					.forEach((v) -> problem(node, "a consent field is true or false, not '" + v + "'"));
			}
			return node.has("in") ? new Condition.In(field, List.copyOf(values))
					: new Condition.Equals(field, values.get(0));
		}

		private Routing routing(JsonNode node, String section) {
			if (node == null) {
				return new Routing(section, List.of());
			}
			String defaultSection = node.path("section").asString(section);
			checkSection(node.get("section"), defaultSection);
			List<Routing.Rule> rules = new ArrayList<>();
			if (node.has("rules")) {
				for (JsonNode rule : node.get("rules")) {
					String target = rule.get("section").asString();
					checkSection(rule.get("section"), target);
					rules.add(new Routing.Rule(condition(rule.get("when")), target));
				}
			}
			return new Routing(defaultSection, List.copyOf(rules));
		}

		private void checkSection(JsonNode at, String section) {
			if (this.checkCity && this.city.section(section).isEmpty()) {
				problem(at, "routing section '" + section + "' is not in config/organisation.yaml");
			}
		}

		private DateBound dateBound(JsonNode node) {
			if (node == null) {
				return null;
			}
			if ("today".equals(node.asString())) {
				return DateBound.TODAY;
			}
			try {
				return new DateBound(LocalDate.parse(node.asString()));
			}
			catch (DateTimeParseException ex) {
				problem(node, "a date bound is an ISO date (2025-04-01) or 'today', not '" + node.asString() + "'");
				return null;
			}
		}

		private Long longOrNull(JsonNode node) {
			if (node == null) {
				return null;
			}
			if (!node.isNumber()) {
				problem(node, "expected a number, not '" + node.asString() + "'");
				return null;
			}
			return node.asLong();
		}

		private int intOr(JsonNode node, String property, int fallback) {
			return node.has(property) ? node.get(property).asInt() : fallback;
		}

	}

	static LocalizedText text(JsonNode node) {
		if (node == null) {
			return null;
		}
		return new LocalizedText(node.get("ja").asString(), stringOrNull(node.get("en")),
				stringOrNull(node.get("easy")));
	}

	private static List<LocalizedText> texts(JsonNode node) {
		List<LocalizedText> texts = new ArrayList<>();
		if (node != null) {
			node.forEach((n) -> texts.add(text(n)));
		}
		return List.copyOf(texts);
	}

	private static List<String> strings(JsonNode node) {
		List<String> strings = new ArrayList<>();
		if (node != null) {
			node.forEach((n) -> strings.add(n.asString()));
		}
		return List.copyOf(strings);
	}

	private static String stringOrNull(JsonNode node) {
		return (node != null && !node.isNull()) ? node.asString() : null;
	}

}
