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
			if (definition.hasMyNumber()) {
				assertThat(definition.assurance()).as(definition.id()).isEqualTo(AssuranceLevel.JPKI_SIGN);
				assertThat(definition.legalBasis()).as(definition.id()).isNotNull();
			}
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
	void cardLevelsLoad(@TempDir Path dir) throws IOException {
		Path forms = formsWith(dir, "card.yaml",
				valid("card", "      - { id: note, type: text, label: { ja: 備考, en: Note } }\n")
					.replace("assurance: none", "assurance: jpki-auth"));
		assertThat(new FormRegistry(new FormsProperties(forms, 10240)).find("card").orElseThrow().assurance())
			.isEqualTo(AssuranceLevel.JPKI_AUTH);
	}

	@Test
	void myNumberFieldLoadsWithLegalBasisAndSignature(@TempDir Path dir) throws IOException {
		Path forms = formsWith(dir, "with-number.yaml", withMyNumber("with-number", "jpki-sign", true));
		ProcedureDefinition definition = new FormRegistry(new FormsProperties(forms, 10240)).find("with-number")
			.orElseThrow();
		assertThat(definition.hasMyNumber()).isTrue();
		assertThat(definition.legalBasis().ja()).contains("番号法");
		assertThat(definition.allFields()).filteredOn((f) -> f.type() == FieldType.MY_NUMBER)
			.singleElement()
			.isInstanceOf(FieldDefinition.MyNumberField.class);
	}

	@Test
	void myNumberFieldNeedsALegalBasis(@TempDir Path dir) throws IOException {
		Path forms = formsWith(dir, "no-basis.yaml", withMyNumber("no-basis", "jpki-sign", false));
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> new FormRegistry(new FormsProperties(forms, 10240)))
			.satisfies((ex) -> assertThat(ex.problems()).singleElement()
				.satisfies((p) -> assertThat(p).startsWith("no-basis.yaml:18:").contains("legalBasis")));
	}

	@Test
	void myNumberFieldNeedsTheCardSignature(@TempDir Path dir) throws IOException {
		for (String level : List.of("none", "account", "jpki-auth")) {
			Path forms = formsWith(dir.resolve(level), "weak.yaml", withMyNumber("weak", level, true));
			assertThatExceptionOfType(DefinitionException.class)
				.isThrownBy(() -> new FormRegistry(new FormsProperties(forms, 10240)))
				.satisfies((ex) -> assertThat(ex.problems()).as(level)
					.singleElement()
					.satisfies((p) -> assertThat(p).startsWith("weak.yaml:18:").contains("jpki-sign")));
		}
	}

	@Test
	void myNumberFieldCannotBeInAGroup(@TempDir Path dir) throws IOException {
		String fields = """
				      - id: family
				        type: group
				        label: { ja: 家族, en: Family }
				        fields:
				          - id: member-number
				            type: my-number
				            label: { ja: 個人番号, en: My Number }
				""";
		Path forms = formsWith(dir, "grouped.yaml",
				valid("grouped", fields).replace("assurance: none", LEGAL_BASIS + "assurance: jpki-sign"));
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> new FormRegistry(new FormsProperties(forms, 10240)))
			.satisfies((ex) -> assertThat(ex.problems()).singleElement()
				.satisfies((p) -> assertThat(p).startsWith("grouped.yaml:23:").contains("group")));
	}

	@Test
	void fromCardIsOnlyForTextAndDateFieldsOfCardProcedures(@TempDir Path dir) throws IOException {
		String fields = """
				      - { id: card-name, type: text, fromCard: name, label: { ja: 氏名, en: Name } }
				      - { id: card-birthdate, type: date, fromCard: birthdate, label: { ja: 生年月日, en: Born } }
				""";
		Path good = formsWith(dir.resolve("good"), "card-fields.yaml",
				valid("card-fields", fields).replace("assurance: none", "assurance: jpki-auth"));
		ProcedureDefinition definition = new FormRegistry(new FormsProperties(good, 10240)).find("card-fields")
			.orElseThrow();
		assertThat(definition.allFields()).extracting((f) -> f.fromCard().orElse(null))
			.containsExactly(null, CardAttribute.NAME, CardAttribute.BIRTHDATE);
		assertThat(CardAttribute.BIRTHDATE.claim()).isEqualTo("birthdate");

		Path account = formsWith(dir.resolve("account"), "card-fields.yaml",
				valid("card-fields", fields).replace("assurance: none", "assurance: account"));
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> new FormRegistry(new FormsProperties(account, 10240)))
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(2)
				.anySatisfy((p) -> assertThat(p).startsWith("card-fields.yaml:18:").contains("jpki-auth"))
				.anySatisfy((p) -> assertThat(p).startsWith("card-fields.yaml:19:").contains("jpki-auth")));

		Path phone = formsWith(dir.resolve("phone"), "card-phone.yaml",
				valid("card-phone", "      - { id: tel, type: phone, fromCard: name, label: { ja: 電話, en: Phone } }\n")
					.replace("assurance: none", "assurance: jpki-sign"));
		assertThatExceptionOfType(DefinitionException.class)
			.isThrownBy(() -> new FormRegistry(new FormsProperties(phone, 10240)))
			.satisfies((ex) -> assertThat(ex.problems()).singleElement()
				.satisfies((p) -> assertThat(p).startsWith("card-phone.yaml:18:").contains("text and date")));
	}

	@Test
	void fromCardFieldsTakeNothingFromThePost() {
		ProcedureDefinition certificate = registry.find("juuminhyou-koufu").orElseThrow();
		Page requester = certificate.page("requester").orElseThrow();
		Answers posted = new Answers(java.util.Map.of("requester-name", List.of("偽 太郎"), "requester-birthdate",
				List.of("2000-01-01"), "phone", List.of("0249242491")));
		assertThat(AnswerValidator.accepted(requester, posted).values()).containsOnlyKeys("phone");
	}

	@Test
	void shippedCardProceduresAreConverted() {
		ProcedureDefinition allowance = registry.find("jidou-teate-nintei").orElseThrow();
		assertThat(allowance.assurance()).isEqualTo(AssuranceLevel.JPKI_SIGN);
		assertThat(allowance.legalBasis().ja()).contains("第9条第1項", "別表", "児童手当法");
		assertThat(allowance.allFields()).filteredOn((f) -> f.type() == FieldType.MY_NUMBER)
			.singleElement()
			.satisfies((f) -> {
				assertThat(f.required()).isTrue();
				assertThat(f.label().ja()).isEqualTo("請求者の個人番号");
			});

		ProcedureDefinition certificate = registry.find("juuminhyou-koufu").orElseThrow();
		assertThat(certificate.assurance()).isEqualTo(AssuranceLevel.JPKI_SIGN);
		assertThat(certificate.hasMyNumber()).isFalse();
		assertThat(certificate.allFields()).filteredOn((f) -> f.fromCard().isPresent())
			.extracting((f) -> f.fromCard().get())
			.containsExactly(CardAttribute.NAME, CardAttribute.ADDRESS, CardAttribute.BIRTHDATE);
		assertThat(certificate.allFields()).extracting(FieldDefinition::id)
			.contains("phone", "email", "proxy-letter")
			.doesNotContain("id-document");
	}

	private static final String LEGAL_BASIS = "legalBasis: { ja: 番号法第9条第1項・別表, en: \"My Number Act, Article 9(1)\" }\n";

	/**
	 * A definition whose only extra field (line 18) is a My Number, at the given level,
	 * with or without a legal basis (inserted before line 9, so field lines stay put).
	 */
	private static String withMyNumber(String id, String level, boolean legalBasis) {
		String definition = valid(id,
				"      - { id: my-number, type: my-number, label: { ja: 個人番号, en: My Number } }\n");
		return definition.replace("bring: []\n", "")
			.replace("assurance: none\n", (legalBasis ? LEGAL_BASIS : "bring: []\n") + "assurance: " + level + "\n");
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
