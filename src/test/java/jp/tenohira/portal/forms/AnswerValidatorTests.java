package jp.tenohira.portal.forms;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jp.tenohira.portal.forms.FieldDefinition.Basics;
import jp.tenohira.portal.shared.LocalizedText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Normalisation and validation of answers, field type by field type.
 */
class AnswerValidatorTests {

	private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

	private static Basics basics(String id, boolean required) {
		return new Basics(id, LocalizedText.of(id, id), null, required, Condition.ALWAYS);
	}

	private static Answers answers(String... keyValues) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			values.put(keyValues[i], List.of(keyValues[i + 1]));
		}
		return new Answers(values);
	}

	private static List<String> codes(Page page, Answers answers) {
		return AnswerValidator.validate(page, answers, TODAY)
			.stream()
			.map((p) -> p.inputName() + "=" + p.code())
			.toList();
	}

	private static Page page(FieldDefinition... fields) {
		return new Page("p", LocalizedText.of("p", "p"), null, Condition.ALWAYS, List.of(fields));
	}

	@Test
	void requiredFieldsMustBeAnswered() {
		Page page = page(new FieldDefinition.TextField(basics("title", true), 0, 20, null),
				new FieldDefinition.NameField(basics("name", true)));
		assertThat(codes(page, Answers.empty())).containsExactly("title=error.required", "name.family=error.required",
				"name.given=error.required", "name.family-kana=error.required", "name.given-kana=error.required");
	}

	@Test
	void furiganaIsFoldedToKatakanaAndChecked() {
		Page page = page(new FieldDefinition.NameField(basics("name", true)));
		Answers normalized = AnswerValidator.normalize(page, answers("name.family", "郡山", "name.given", "太郎",
				"name.family-kana", "こおりやま", "name.given-kana", "ﾀﾛｳ"));
		assertThat(normalized.first("name.family-kana")).isEqualTo("コオリヤマ");
		assertThat(normalized.first("name.given-kana")).isEqualTo("タロウ");
		assertThat(codes(page, normalized)).isEmpty();
		assertThat(codes(page, answers("name.family", "a", "name.given", "b", "name.family-kana", "Koriyama",
				"name.given-kana", "タロウ")))
			.containsExactly("name.family-kana=error.katakana");
	}

	@Test
	void datesAcceptWarekiAndWesternFormsAndRespectBounds() {
		FieldDefinition.DateField date = new FieldDefinition.DateField(basics("day", true),
				FieldDefinition.DateBound.TODAY, null);
		Page page = page(date);
		assertThat(AnswerValidator.normalize(page, answers("day", "令和9年1月5日")).first("day")).isEqualTo("2027-01-05");
		assertThat(AnswerValidator.normalize(page, answers("day", "R9.1.5")).first("day")).isEqualTo("2027-01-05");
		assertThat(AnswerValidator.normalize(page, answers("day", "２０２７／１／５")).first("day")).isEqualTo("2027-01-05");
		assertThat(codes(page, answers("day", "2027-01-05"))).isEmpty();
		assertThat(codes(page, answers("day", "2026-11-22"))).containsExactly("day=error.dateMin");
		assertThat(codes(page, answers("day", "2026-02-30"))).containsExactly("day=error.date");
		assertThat(codes(page, answers("day", "平成32年1月1日"))).containsExactly("day=error.date");
	}

	@Test
	void warekiShowsTheFirstYearAsGannen() {
		assertThat(Wareki.format(LocalDate.of(2019, 5, 1))).isEqualTo("令和元年5月1日");
		assertThat(Wareki.format(LocalDate.of(2019, 4, 30))).isEqualTo("平成31年4月30日");
		assertThat(Wareki.parse("令和元年5月1日")).contains(LocalDate.of(2019, 5, 1));
		assertThat(Wareki.parse("S64.1.7")).contains(LocalDate.of(1989, 1, 7));
	}

	@Test
	void phonePostalCodeAndEmailAreNormalisedThenChecked() {
		Page page = page(new FieldDefinition.PhoneField(basics("tel", true)),
				new FieldDefinition.AddressField(basics("addr", true)),
				new FieldDefinition.EmailField(basics("mail", false)));
		Answers normalized = AnswerValidator.normalize(page, answers("tel", "０２４－９２４－２４９１", "addr.postal-code",
				"９６３８６０１", "addr.line1", "郡山市朝日一丁目23番7号", "mail", "ｔａｒｏ@example.jp"));
		assertThat(normalized.first("tel")).isEqualTo("0249242491");
		assertThat(normalized.first("addr.postal-code")).isEqualTo("963-8601");
		assertThat(normalized.first("mail")).isEqualTo("taro@example.jp");
		assertThat(codes(page, normalized)).isEmpty();
		assertThat(
				codes(page, answers("tel", "12345", "addr.postal-code", "96386", "addr.line1", "x", "mail", "taro@")))
			.containsExactly("tel=error.phone", "addr.postal-code=error.postalCode", "mail=error.email");
	}

	@Test
	void numbersAndYenRespectTheirRange() {
		Page page = page(new FieldDefinition.NumberField(basics("count", true), 1L, 10L, null),
				new FieldDefinition.YenField(basics("amount", false), 0L, 100_000L));
		Answers normalized = AnswerValidator.normalize(page, answers("count", "３", "amount", "12,000円"));
		assertThat(normalized.first("amount")).isEqualTo("12000");
		assertThat(codes(page, normalized)).isEmpty();
		assertThat(codes(page, answers("count", "11", "amount", "abc"))).containsExactly("count=error.max",
				"amount=error.number");
	}

	@Test
	void choicesAcceptOnlyTheirOptions() {
		FieldDefinition.ChoiceField choice = new FieldDefinition.ChoiceField(basics("how", true),
				FieldDefinition.ChoiceStyle.RADIO, List.of(new FieldDefinition.Option("a", LocalizedText.of("A", "A")),
						new FieldDefinition.Option("b", LocalizedText.of("B", "B"))));
		Page page = page(choice);
		assertThat(codes(page, answers("how", "a"))).isEmpty();
		assertThat(codes(page, answers("how", "z"))).containsExactly("how=error.choice");
		assertThat(codes(page, new Answers(Map.of("how", List.of("a", "b"))))).containsExactly("how=error.choice");
		assertThat(codes(page, Answers.empty())).containsExactly("how=error.choiceRequired");
	}

	@Test
	void hiddenFieldsAreNotValidated() {
		FieldDefinition.ChoiceField choice = new FieldDefinition.ChoiceField(basics("how", true),
				FieldDefinition.ChoiceStyle.RADIO,
				List.of(new FieldDefinition.Option("door", LocalizedText.of("戸口", "Door")),
						new FieldDefinition.Option("self", LocalizedText.of("持込", "Self"))));
		FieldDefinition floor = new FieldDefinition.TextField(
				new Basics("floor", LocalizedText.of("階", "Floor"), null, true, new Condition.Equals("how", "door")), 0,
				10, null);
		Page page = page(choice, floor);
		assertThat(codes(page, answers("how", "self"))).isEmpty();
		assertThat(codes(page, answers("how", "door"))).containsExactly("floor=error.required");
	}

	@Test
	void groupsCountOnlyAnsweredItems() {
		FieldDefinition.GroupField group = new FieldDefinition.GroupField(basics("items", true),
				List.of(new FieldDefinition.TextField(basics("item-name", true), 0, 50, null),
						new FieldDefinition.NumberField(basics("quantity", true), 1L, 10L, null)),
				1, 3, null);
		Page page = page(group);
		assertThat(codes(page, answers("items[0].item-name", ""))).containsExactly("items[0].item-name=error.groupMin");
		assertThat(
				codes(page, answers("items[0].item-name", "たんす", "items[0].quantity", "1", "items[1].item-name", "いす")))
			.containsExactly("items[1].quantity=error.required");
	}

	@Test
	void consentMustBeTicked() {
		Page page = page(new FieldDefinition.ConsentField(basics("ok", true)));
		assertThat(codes(page, Answers.empty())).containsExactly("ok=error.consent");
		assertThat(codes(page, answers("ok", "true"))).isEmpty();
	}

	@Test
	void controlCharactersAreStrippedAndLengthCountsCodePoints() {
		Page page = page(new FieldDefinition.TextField(basics("t", true), 0, 3, null));
		assertThat(AnswerValidator.normalize(page, answers("t", "a\u0000b\u0007c")).first("t")).isEqualTo("abc");
		assertThat(codes(page, answers("t", "𠮷野家"))).isEmpty();
		assertThat(codes(page, answers("t", "𠮷野家だ"))).containsExactly("t=error.tooLong");
	}

	@Test
	void uploadedFilesAreRecognisedByContentNotName() {
		assertThat(FieldDefinition.FileKind.PDF.matches("%PDF-1.7".getBytes())).isTrue();
		assertThat(FieldDefinition.FileKind.PNG.matches("MZ\u0090\u0000".getBytes())).isFalse();
		assertThat(Set.of(FieldDefinition.FileKind.values())).hasSize(3);
	}

	@Test
	void onlyThePagesOwnInputsAreAcceptedFromAPost() {
		FieldDefinition.GroupField group = new FieldDefinition.GroupField(basics("items", true),
				List.of(new FieldDefinition.TextField(basics("item-name", true), 0, 50, null)), 1, 3, null);
		Page page = page(new FieldDefinition.NameField(basics("name", true)), group,
				new FieldDefinition.FileField(basics("doc", false), Set.of(FieldDefinition.FileKind.PDF), 100));
		Map<String, List<String>> posted = new LinkedHashMap<>();
		posted.put("name.family", List.of("郡山"));
		posted.put("name.nickname", List.of("x"));
		posted.put("items[0].item-name", List.of("たんす"));
		posted.put("items[2].item-name", List.of("いす"));
		posted.put("items[3].item-name", List.of("too many"));
		posted.put("items[99999].item-name", List.of("dos"));
		posted.put("items[01].item-name", List.of("padded index"));
		posted.put("items[00].item-name", List.of("padded index"));
		posted.put("items[0].unknown", List.of("x"));
		posted.put("doc", List.of("00000000-0000-0000-0000-000000000000"));
		posted.put("doc.name", List.of("forged.pdf"));
		posted.put("status", List.of("APPROVED"));
		posted.put("section", List.of("shimin"));
		Answers accepted = AnswerValidator.accepted(page, new Answers(posted));
		assertThat(accepted.values()).containsOnlyKeys("name.family", "items[0].item-name", "items[2].item-name");
		assertThat(accepted.groupSize("items")).isEqualTo(3);
	}

	@Test
	void oneInputCannotCarryUnboundedValues() {
		Page page = page(new FieldDefinition.TextField(basics("t", false), 0, 10, null));
		List<String> many = java.util.Collections.nCopies(10_000, "x".repeat(50_000));
		Answers accepted = AnswerValidator.accepted(page, new Answers(Map.of("t", many)));
		assertThat(accepted.all("t")).hasSize(100).allSatisfy((v) -> assertThat(v).hasSize(20_000));
	}

}
