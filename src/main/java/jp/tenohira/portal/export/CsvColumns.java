package jp.tenohira.portal.export;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FieldDefinition.ChoiceField;
import jp.tenohira.portal.forms.FieldDefinition.GroupField;
import jp.tenohira.portal.forms.MyNumberAnswer;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.submission.SubmissionStatus;

/**
 * The columns of a procedure's export: five fixed ones (受付番号, 受付日時, 状態, 版, 改訂), then one
 * per field of the procedure's current definition in page and field order. Composite
 * fields get one column per part, repeatable groups one column per item field and index
 * up to the group's maximum, choices show their option labels and files their names; a My
 * Number column never holds the number or its ciphertext, only that one was given.
 * Answers to fields that the current definition no longer has are left out. Headers are a
 * fixed Japanese contract with the tools that read the file, so they do not follow the
 * screen language.
 */
final class CsvColumns {

	private static final DateTimeFormatter SUBMITTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(CityTime.ZONE);

	private static final Map<String, String> PART_HEADERS = Map.ofEntries(Map.entry("family", "姓"),
			Map.entry("given", "名"), Map.entry("family-kana", "セイ"), Map.entry("given-kana", "メイ"),
			Map.entry("postal-code", "郵便番号"), Map.entry("line1", "住所"), Map.entry("line2", "建物名・部屋番号"),
			Map.entry("bank", "金融機関名"), Map.entry("branch", "支店名"), Map.entry("kind", "預金種別"),
			Map.entry("number", "口座番号"), Map.entry("holder", "口座名義"));

	private static final Map<String, String> ACCOUNT_KINDS = Map.of("ordinary", "普通", "current", "当座");

	/** One submission as the export reads it. */
	record Row(String receiptNumber, Instant submittedAt, String status, String definitionVersion, int revision,
			Answers answers) {
	}

	private record Column(String header, Function<Row, String> value) {
	}

	private final List<Column> columns;

	private CsvColumns(List<Column> columns) {
		this.columns = List.copyOf(columns);
	}

	/**
	 * The columns for a definition; {@code statusName} gives the Japanese name of a
	 * status.
	 */
	static CsvColumns of(ProcedureDefinition definition, Function<SubmissionStatus, String> statusName) {
		List<Column> columns = new ArrayList<>();
		columns.add(new Column("受付番号", Row::receiptNumber));
		columns.add(new Column("受付日時", (row) -> SUBMITTED.format(row.submittedAt())));
		columns.add(new Column("状態", (row) -> status(row.status(), statusName)));
		columns.add(new Column("版", Row::definitionVersion));
		columns.add(new Column("改訂", (row) -> String.valueOf(row.revision())));
		for (FieldDefinition field : definition.allFields()) {
			addField(columns, field, field.id(), field.label().in(Lang.JA));
		}
		return new CsvColumns(columns);
	}

	private static void addField(List<Column> columns, FieldDefinition field, String key, String header) {
		switch (field.type()) {
			case GROUP -> {
				GroupField group = (GroupField) field;
				String itemLabel = (group.itemLabel() != null) ? group.itemLabel().in(Lang.JA) : header;
				for (int i = 0; i < group.maxItems(); i++) {
					for (FieldDefinition child : group.fields()) {
						addField(columns, child, key + "[" + i + "]." + child.id(),
								itemLabel + (i + 1) + " " + child.label().in(Lang.JA));
					}
				}
			}
			case NAME, ADDRESS, BANK_ACCOUNT -> {
				for (String part : field.parts()) {
					String partHeader = header + "（" + PART_HEADERS.getOrDefault(part, part) + "）";
					String partKey = key + "." + part;
					columns.add(
							new Column(partHeader,
									"kind".equals(part)
											? (row) -> ACCOUNT_KINDS.getOrDefault(row.answers().first(partKey),
													row.answers().first(partKey))
											: (row) -> row.answers().first(partKey)));
				}
			}
			case FILE -> columns.add(new Column(header,
					(row) -> row.answers().isAnswered(key) ? row.answers().first(key + ".name") : ""));
			case CHOICE ->
				columns.add(new Column(header, (row) -> choice((ChoiceField) field, row.answers().all(key))));
			case CONSENT ->
				columns.add(new Column(header, (row) -> "true".equals(row.answers().first(key)) ? "同意" : ""));
			case TEXT, TEXTAREA, NUMBER, YEN, DATE, PHONE, EMAIL ->
				columns.add(new Column(header, (row) -> row.answers().first(key)));
			// never the number, nor its ciphertext: holders reveal it on the case screen
			// with a purpose, one record at a time
			case MY_NUMBER ->
				columns.add(new Column(header, (row) -> row.answers().isAnswered(key) ? MyNumberAnswer.WITHHELD : ""));
		}
	}

	/**
	 * Option labels of the chosen values; a value the definition no longer offers as is.
	 */
	private static String choice(ChoiceField field, List<String> chosen) {
		List<String> labels = new ArrayList<>();
		for (String value : chosen) {
			if (value == null || value.isBlank()) {
				continue;
			}
			labels.add(field.options()
				.stream()
				.filter((o) -> o.value().equals(value))
				.map((o) -> o.label().in(Lang.JA))
				.findFirst()
				.orElse(value));
		}
		return String.join("、", labels);
	}

	private static String status(String status, Function<SubmissionStatus, String> statusName) {
		try {
			return statusName.apply(SubmissionStatus.valueOf(status));
		}
		catch (IllegalArgumentException ex) {
			return status;
		}
	}

	List<String> headers() {
		return this.columns.stream().map(Column::header).toList();
	}

	/** The header record. */
	String headerLine() {
		return CsvFormat.row(headers());
	}

	/** One submission's record. */
	String line(Row row) {
		List<String> cells = new ArrayList<>(this.columns.size());
		for (Column column : this.columns) {
			cells.add(column.value().apply(row));
		}
		return CsvFormat.row(cells);
	}

	int size() {
		return this.columns.size();
	}

}
