package jp.tenohira.portal.support;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FieldDefinition.ChoiceField;
import jp.tenohira.portal.forms.FieldDefinition.DateField;
import jp.tenohira.portal.forms.FieldDefinition.GroupField;
import jp.tenohira.portal.forms.FieldDefinition.NumberField;
import jp.tenohira.portal.forms.FieldDefinition.TextField;
import jp.tenohira.portal.forms.FieldDefinition.YenField;
import jp.tenohira.portal.forms.Page;

/**
 * Valid answers for any page of any definition, as a careful resident would type them, so
 * that tests can walk every shipped form. File fields are left to the caller (they need a
 * multipart upload).
 */
public final class AnswerFactory {

	private AnswerFactory() {
	}

	/**
	 * Answers for every field of the page (hidden ones too: the server must ignore what
	 * it does not show).
	 */
	public static Map<String, List<String>> validAnswers(Page page, LocalDate today) {
		Map<String, List<String>> answers = new LinkedHashMap<>();
		for (FieldDefinition field : page.fields()) {
			if (field instanceof GroupField group) {
				for (FieldDefinition child : group.fields()) {
					fill(child, group.id() + "[0]." + child.id(), answers, today);
				}
			}
			else {
				fill(field, field.id(), answers, today);
			}
		}
		return answers;
	}

	static void fill(FieldDefinition field, String key, Map<String, List<String>> answers, LocalDate today) {
		switch (field.type()) {
			case TEXT -> {
				TextField text = (TextField) field;
				String value = (text.format() == null) ? "テスト" : switch (text.format()) {
					case DIGITS -> "1234";
					case KATAKANA -> "テスト";
					case ALPHANUMERIC -> "AB12";
				};
				put(answers, key, pad(value, text.minLength(), text.maxLength()));
			}
			case TEXTAREA -> put(answers, key, "テストの内容です。");
			case NUMBER ->
				put(answers, key, String.valueOf(bounded(((NumberField) field).min(), ((NumberField) field).max())));
			case YEN -> put(answers, key, String.valueOf(bounded(((YenField) field).min(), ((YenField) field).max())));
			case DATE -> {
				DateField date = (DateField) field;
				LocalDate value = today.plusDays(7);
				if (date.max() != null && date.max().fixed() == null) {
					value = today.minusYears(1);
				}
				if (date.max() != null && date.max().fixed() != null && value.isAfter(date.max().fixed())) {
					value = date.max().fixed();
				}
				put(answers, key, value.toString());
			}
			case CHOICE -> put(answers, key, ((ChoiceField) field).options().get(0).value());
			case NAME -> {
				put(answers, key + ".family", "郡山");
				put(answers, key + ".given", "花子");
				put(answers, key + ".family-kana", "コオリヤマ");
				put(answers, key + ".given-kana", "ハナコ");
			}
			case ADDRESS -> {
				put(answers, key + ".postal-code", "963-8601");
				put(answers, key + ".line1", "福島県郡山市朝日一丁目23番7号");
			}
			case PHONE -> put(answers, key, "024-924-2491");
			case EMAIL -> put(answers, key, "hanako@example.jp");
			case BANK_ACCOUNT -> {
				put(answers, key + ".bank", "東邦銀行");
				put(answers, key + ".branch", "郡山支店");
				put(answers, key + ".kind", "ordinary");
				put(answers, key + ".number", "1234567");
				put(answers, key + ".holder", "コオリヤマ ハナコ");
			}
			case CONSENT -> put(answers, key, "true");
			case FILE, GROUP -> {
			}
		}
	}

	private static String pad(String value, int min, int max) {
		StringBuilder text = new StringBuilder(value);
		while (text.length() < min) {
			text.append(value);
		}
		return text.length() > max ? text.substring(0, max) : text.toString();
	}

	private static long bounded(Long min, Long max) {
		long value = (min != null) ? Math.max(min, 1) : 1;
		return (max != null) ? Math.min(value, max) : value;
	}

	private static void put(Map<String, List<String>> answers, String key, String value) {
		answers.computeIfAbsent(key, (k) -> new ArrayList<>()).add(value);
	}

}
