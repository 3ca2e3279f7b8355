package jp.tenohira.portal.forms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every definition shipped in {@code forms/} loads, and broken ones are reported with
 * file, line and problem.
 */
class DefinitionLoaderTests {

	private static final Path FORMS = Path.of("forms");

	private static FormRegistry registry;

	@BeforeAll
	static void loadAll() {
		registry = new FormRegistry(new FormsProperties(FORMS, 10240));
	}

	@Test
	void everyShippedDefinitionLoads() throws IOException {
		long files;
		try (var walk = Files.walk(FORMS)) {
			files = walk.filter((p) -> p.toString().endsWith(".yaml"))
				.filter((p) -> !FORMS.relativize(p).startsWith("config"))
				.count();
		}
		assertThat(registry.all()).hasSize((int) files);
	}

	@Test
	void catalogHasTheContentTheCityAskedFor() {
		Collection<ProcedureDefinition> all = registry.all();
		List<ProcedureDefinition> online = all.stream().filter(ProcedureDefinition::online).toList();
		assertThat(online).hasSizeGreaterThanOrEqualTo(30);
		assertThat(all.size() - online.size()).isGreaterThanOrEqualTo(70);
		Set<String> sections = online.stream().map(ProcedureDefinition::section).collect(Collectors.toSet());
		assertThat(sections).hasSizeGreaterThanOrEqualTo(10);
		assertThat(online).extracting(ProcedureDefinition::id)
			.contains("jidou-teate-nintei", "hoiku-riyou-moushikomi", "risai-shoumei", "juuminhyou-koufu", "sodai-gomi",
					"inu-touroku", "suidou-kaishi-chuushi", "koubunsho-kaiji", "taiiku-shisetsu-shiyou");
	}

	@Test
	void everyOnlineFormIsUsableOnAPhone() {
		for (ProcedureDefinition definition : registry.all()) {
			if (!definition.online()) {
				assertThat(definition.counter()).as(definition.id()).isNotNull();
				continue;
			}
			assertThat(definition.pages()).as(definition.id()).isNotEmpty();
			assertThat(definition.assurance()).as(definition.id()).isIn(AssuranceLevel.NONE, AssuranceLevel.ACCOUNT);
			assertThat(definition.title().en()).as(definition.id()).isNotBlank();
			assertThat(definition.title().easy()).as(definition.id()).isNotBlank();
		}
	}

	@Test
	void routingRuleOnAnAnswerPicksAnotherSection() {
		ProcedureDefinition visit = registry.find("shisetsu-kengaku").orElseThrow();
		Answers sewage = new Answers(java.util.Map.of("facility", List.of("sewage-plant")));
		Answers water = new Answers(java.util.Map.of("facility", List.of("water-plant")));
		assertThat(visit.routing().route(sewage)).isEqualTo("gesuidou-hozen");
		assertThat(visit.routing().route(water)).isEqualTo("okyakusama-service");
	}

	@Test
	void versionIsTheDigestOfTheSource() {
		ProcedureDefinition definition = registry.find("sodai-gomi").orElseThrow();
		assertThat(definition.version())
			.isEqualTo(DefinitionLoader.version(definition.source().getBytes(StandardCharsets.UTF_8)));
		assertThat(registry.restore("sodai-gomi", definition.source()).version()).isEqualTo(definition.version());
	}

	@Test
	void invalidYamlIsReportedWithItsLine(@TempDir Path dir) throws IOException {
		Path forms = formsWith(dir, "broken.yaml", """
				id: broken
				title: { ja: 壊れた, en: Broken, easy: こわれた }
				summary: [unclosed
				""");
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> new FormRegistry(new FormsProperties(forms, 10240)))
			.satisfies((ex) -> assertThat(ex.problems())
				.anySatisfy((p) -> assertThat(p).startsWith("broken.yaml:").contains("not valid YAML")));
	}

	@Test
	void schemaViolationNamesFileLineAndPath(@TempDir Path dir) throws IOException {
		Path forms = formsWith(dir, "bad-type.yaml", valid("bad-type", """
				      - id: color
				        type: colour-picker
				        label: { ja: 色, en: Colour }
				"""));
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> new FormRegistry(new FormsProperties(forms, 10240)))
			.satisfies((ex) -> assertThat(ex.problems())
				.anySatisfy((p) -> assertThat(p).startsWith("bad-type.yaml:19:").contains("type")));
	}

	@Test
	void semanticProblemsNameFileAndLine(@TempDir Path dir) throws IOException {
		Path forms = formsWith(dir, "bad-condition.yaml", valid("bad-condition", """
				      - id: early
				        type: text
				        label: { ja: 早い, en: Early }
				        when: { field: later, equals: "yes" }
				      - id: later
				        type: choice
				        label: { ja: 後, en: Later }
				        options:
				          - { value: "yes", label: { ja: はい, en: "Yes" } }
				""").replace("section: shimin", "section: no-such-section"));
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> new FormRegistry(new FormsProperties(forms, 10240)))
			.satisfies((ex) -> assertThat(ex.problems())
				.anySatisfy((p) -> assertThat(p).startsWith("bad-condition.yaml:4:").contains("no-such-section"))
				.anySatisfy((p) -> assertThat(p).startsWith("bad-condition.yaml:21:").contains("'later'")));
	}

	@Test
	void myNumberCardLevelsAreRejectedUntilTheIdentityFeature(@TempDir Path dir) throws IOException {
		Path forms = formsWith(dir, "card.yaml",
				valid("card", "      - { id: note, type: text, label: { ja: 備考, en: Note } }\n")
					.replace("assurance: none", "assurance: jpki-sign"));
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> new FormRegistry(new FormsProperties(forms, 10240)))
			.satisfies((ex) -> assertThat(ex.problems())
				.anySatisfy((p) -> assertThat(p).startsWith("card.yaml:9:").contains("jpki-sign")));
	}

	@Test
	void idMustMatchFileNameAndBeUnique(@TempDir Path dir) throws IOException {
		Path forms = formsWith(dir, "one.yaml",
				valid("two", "      - { id: a, type: text, label: { ja: a, en: a } }\n"));
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> new FormRegistry(new FormsProperties(forms, 10240)))
			.satisfies((ex) -> assertThat(ex.problems())
				.anySatisfy((p) -> assertThat(p).startsWith("one.yaml:1:").contains("file name")));
	}

	/**
	 * A minimal valid online definition with the given fields on its only page (the first
	 * given field starts on line 18).
	 */
	static String valid(String id, String fields) {
		return """
				id: %s
				title: { ja: テスト, en: Test, easy: てすと }
				summary: { ja: テスト用, en: For tests, easy: てすと }
				section: shimin
				lifeEvents: [certificates]
				eligibility: { ja: 誰でも, en: Anyone }
				bring: []
				fee: { ja: 無料, en: Free }
				assurance: none
				online: true
				pages:
				  - id: first
				    title: { ja: 最初, en: First }
				    fields:
				      - id: dummy
				        type: text
				        label: { ja: ダミー, en: Dummy }
				%s""".formatted(id, fields);
	}

	static Path formsWith(Path dir, String file, String content) throws IOException {
		Files.createDirectories(dir.resolve("schema"));
		Files.createDirectories(dir.resolve("config"));
		Files.copy(FORMS.resolve("schema/procedure.schema.json"), dir.resolve("schema/procedure.schema.json"));
		Files.copy(FORMS.resolve("config/organisation.yaml"), dir.resolve("config/organisation.yaml"));
		Files.copy(FORMS.resolve("config/life-events.yaml"), dir.resolve("config/life-events.yaml"));
		Files.writeString(dir.resolve(file), content);
		return dir;
	}

	@Test
	void aPublishedVersionStaysReadableAfterItsSectionIsGone(@TempDir Path dir) throws IOException {
		String old = valid("old-version", "      - { id: a, type: text, label: { ja: a, en: a } }\n")
			.replace("section: shimin", "section: merged-away-section");
		ProcedureDefinition restored = registry.restore("old-version", old);
		assertThat(restored.section()).isEqualTo("merged-away-section");
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> new FormRegistry(new FormsProperties(formsWith(dir, "old-version.yaml", old), 10240)));
	}

}
