package jp.tenohira.portal.export;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.FormsProperties;
import jp.tenohira.portal.forms.ProcedureDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One column per field of the current definition, in page and field order, with the
 * values staff expect to read.
 */
class CsvColumnsTests {

	private static FormRegistry registry;

	@BeforeAll
	static void load() {
		registry = new FormRegistry(new FormsProperties(Path.of("forms"), 10240));
	}

	private static CsvColumns columns(String procedureId) {
		ProcedureDefinition definition = registry.find(procedureId).orElseThrow();
		return CsvColumns.of(definition, (status) -> "状態:" + status.name());
	}

	@Test
	void fixedColumnsThenOneColumnPerFieldPartAndGroupItem() {
		List<String> headers = columns("sodai-gomi").headers();
		assertThat(headers.subList(0, 5)).containsExactly("受付番号", "受付日時", "状態", "版", "改訂");
		assertThat(headers.subList(5, 15)).containsExactly("申込者氏名（姓）", "申込者氏名（名）", "申込者氏名（セイ）", "申込者氏名（メイ）",
				"住所（収集場所）（郵便番号）", "住所（収集場所）（住所）", "住所（収集場所）（建物名・部屋番号）", "電話番号（日中連絡がとれる番号）", "メールアドレス", "品目1 品目名");
		assertThat(headers).contains("品目1 数量", "品目10 品目名", "品目10 数量", "収集方法", "搬出する階", "収集時の注意事項など")
			.doesNotContain("品目11 品目名");
		assertThat(headers).hasSize(5 + 4 + 3 + 2 + 20 + 3 + 1 + 1);
	}

	@Test
	void valuesAreShownAsStaffReadThem() {
		Map<String, List<String>> answers = new LinkedHashMap<>();
		answers.put("applicant-name.family", List.of("郡山"));
		answers.put("applicant-name.given", List.of("太郎"));
		answers.put("applicant-name.family-kana", List.of("コオリヤマ"));
		answers.put("applicant-name.given-kana", List.of("タロウ"));
		answers.put("items[0].item-name", List.of("たんす"));
		answers.put("items[0].quantity", List.of("1"));
		answers.put("items[1].item-name", List.of("=1+1"));
		answers.put("collection-method", List.of("doorstep"));
		answers.put("floor", List.of("2f"));
		answers.put("preferred-date", List.of("2026-12-01"));
		answers.put("consent", List.of("true"));
		answers.put("removed-in-a-later-version", List.of("古い回答"));
		CsvColumns columns = columns("sodai-gomi");
		String line = columns.line(new CsvColumns.Row("2026-0000123", Instant.parse("2026-11-23T15:30:00Z"),
				"IN_REVIEW", "abc123", 2, new Answers(answers)));
		List<String> cells = CsvReader.parse(line).get(0);
		Map<String, String> byHeader = new LinkedHashMap<>();
		for (int i = 0; i < cells.size(); i++) {
			byHeader.put(columns.headers().get(i), cells.get(i));
		}
		assertThat(cells).hasSize(columns.size());
		assertThat(byHeader).containsEntry("受付番号", "2026-0000123")
			.containsEntry("受付日時", "2026-11-24 00:30")
			.containsEntry("状態", "状態:IN_REVIEW")
			.containsEntry("版", "abc123")
			.containsEntry("改訂", "2")
			.containsEntry("申込者氏名（姓）", "郡山")
			.containsEntry("申込者氏名（メイ）", "タロウ")
			.containsEntry("品目1 品目名", "たんす")
			.containsEntry("品目1 数量", "1")
			.containsEntry("品目2 品目名", "'=1+1")
			.containsEntry("品目3 品目名", "")
			.containsEntry("収集方法", "戸口収集（自宅の玄関先まで取りに来てもらう）")
			.containsEntry("搬出する階", "2階")
			.containsEntry("収集希望日（持ち込みの場合は搬入予定日）", "2026-12-01");
		assertThat(byHeader.values()).doesNotContain("古い回答");
		assertThat(byHeader.get(columns.headers().get(columns.size() - 1))).isEqualTo("同意");
	}

	@Test
	void bankAccountsFilesAndCheckboxesHaveReadableValues() {
		ProcedureDefinition definition = registry.find("jidou-teate-nintei").orElseThrow();
		CsvColumns columns = CsvColumns.of(definition, (status) -> status.name());
		String bank = definition.allFields()
			.stream()
			.filter((f) -> f.type() == jp.tenohira.portal.forms.FieldType.BANK_ACCOUNT)
			.findFirst()
			.orElseThrow()
			.id();
		String file = definition.allFields()
			.stream()
			.filter((f) -> f.type() == jp.tenohira.portal.forms.FieldType.FILE)
			.findFirst()
			.orElseThrow()
			.id();
		Map<String, List<String>> answers = new LinkedHashMap<>();
		answers.put(bank + ".kind", List.of("ordinary"));
		answers.put(bank + ".number", List.of("0123456"));
		answers.put(file, List.of("6f1c0f5e-0000-0000-0000-000000000000"));
		answers.put(file + ".name", List.of("保険証.pdf"));
		answers.put(file + ".size", List.of("1234"));
		List<String> cells = CsvReader
			.parse(columns.line(new CsvColumns.Row("R", Instant.EPOCH, "RECEIVED", "v", 1, new Answers(answers))))
			.get(0);
		assertThat(cells).contains("普通", "0123456", "保険証.pdf").doesNotContain("1234");
		assertThat(columns.headers()).anyMatch((h) -> h.endsWith("（預金種別）"))
			.anyMatch((h) -> h.endsWith("（口座名義）"))
			.contains("子ども1 子どもの氏名（姓）", "子ども10 子どもの氏名（メイ）");
	}

	@Test
	void severalChosenOptionsAreListedWithTheirLabels() {
		ProcedureDefinition definition = registry.all()
			.stream()
			.filter((d) -> d.allFields()
				.stream()
				.anyMatch((f) -> f instanceof jp.tenohira.portal.forms.FieldDefinition.ChoiceField choice
						&& choice.style() == jp.tenohira.portal.forms.FieldDefinition.ChoiceStyle.CHECKBOX
						&& choice.options().size() >= 2))
			.findFirst()
			.orElseThrow();
		jp.tenohira.portal.forms.FieldDefinition.ChoiceField choice = definition.allFields()
			.stream()
			.filter((f) -> f instanceof jp.tenohira.portal.forms.FieldDefinition.ChoiceField c
					&& c.style() == jp.tenohira.portal.forms.FieldDefinition.ChoiceStyle.CHECKBOX)
			.map(jp.tenohira.portal.forms.FieldDefinition.ChoiceField.class::cast)
			.findFirst()
			.orElseThrow();
		CsvColumns columns = CsvColumns.of(definition, (status) -> status.name());
		List<String> values = List.of(choice.options().get(0).value(), choice.options().get(1).value(), "gone");
		List<String> cells = CsvReader
			.parse(columns.line(new CsvColumns.Row("R", Instant.EPOCH, "RECEIVED", "v", 1,
					new Answers(Map.of(choice.id(), values)))))
			.get(0);
		assertThat(cells)
			.contains(choice.options().get(0).label().ja() + "、" + choice.options().get(1).label().ja() + "、gone");
	}

}
