package jp.tenohira.portal.forms;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jp.tenohira.portal.forms.FieldDefinition.ChoiceField;
import jp.tenohira.portal.forms.FieldDefinition.ChoiceStyle;
import jp.tenohira.portal.forms.FieldDefinition.DateField;
import jp.tenohira.portal.forms.FieldDefinition.GroupField;
import jp.tenohira.portal.forms.FieldDefinition.NumberField;
import jp.tenohira.portal.forms.FieldDefinition.TextAreaField;
import jp.tenohira.portal.forms.FieldDefinition.TextField;
import jp.tenohira.portal.forms.FieldDefinition.YenField;
import jp.tenohira.portal.shared.JapaneseText;

/**
 * Normalises and validates the answers of one page against its definition. Pure and
 * synchronous: the same answers and day always give the same problems.
 */
public final class AnswerValidator {

	private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");

	private static final Pattern ALPHANUMERIC = Pattern.compile("^[A-Za-z0-9]+$");

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,}$");

	private static final Pattern POSTAL_CODE = Pattern.compile("^[0-9]{3}-?[0-9]{4}$");

	private static final Pattern PHONE = Pattern.compile("^0[0-9]{9,10}$");

	private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\r\\n\\t]]");

	private AnswerValidator() {
	}

	/**
	 * More values than any choice may have options; longer text than any field allows,
	 * with room to say so.
	 */
	private static final int MAX_VALUES_PER_INPUT = 100;

	private static final int MAX_VALUE_LENGTH = 20_000;

	private static final Pattern GROUP_KEY = Pattern
		.compile("^([a-z0-9-]+)\\[(0|[1-9]\\d?)]\\.([a-z0-9-]+)(?:\\.([a-z0-9-]+))?$");

	/**
	 * Only the inputs this page really has: every other posted name (a status, a section,
	 * an index past the group's maximum, a file's stored name) is dropped, so a tampered
	 * post can neither add data nor make the server build thousands of group items. Also
	 * bounds how many values and how much text one input may carry. Fields filled from
	 * the My Number card ({@code fromCard}) take nothing from the post: the server fills
	 * them from the login.
	 */
	public static Answers accepted(Page page, Answers posted) {
		Map<String, List<String>> kept = new LinkedHashMap<>();
		posted.values().forEach((key, values) -> {
			if (isInputOf(page, key)) {
				kept.put(key, values.stream()
					.limit(MAX_VALUES_PER_INPUT)
					.map((v) -> (v != null && v.length() > MAX_VALUE_LENGTH) ? v.substring(0, MAX_VALUE_LENGTH) : v)
					.toList());
			}
		});
		return new Answers(kept);
	}

	private static boolean isInputOf(Page page, String key) {
		for (FieldDefinition field : page.fields()) {
			if (field instanceof GroupField group) {
				java.util.regex.Matcher matcher = GROUP_KEY.matcher(key);
				if (matcher.matches() && matcher.group(1).equals(group.id())
						&& Integer.parseInt(matcher.group(2)) < group.maxItems()) {
					String childId = matcher.group(3);
					String part = matcher.group(4);
					return group.fields()
						.stream()
						.anyMatch((child) -> child.id().equals(childId)
								&& ((part == null) ? child.parts().isEmpty() : child.parts().contains(part)));
				}
			}
			else if (field.type() != FieldType.FILE && field.fromCard().isEmpty()) {
				if (field.parts().isEmpty() ? key.equals(field.id()) : key.startsWith(field.id() + ".")
						&& field.parts().contains(key.substring(field.id().length() + 1))) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The page's posted answers made canonical: full-width digits and letters folded,
	 * フリガナ in katakana, dates in ISO form, postal codes as 123-4567, numbers without
	 * separators. Unparseable input is kept as typed.
	 */
	public static Answers normalize(Page page, Answers posted) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		posted.values().forEach((key, list) -> values.put(key, list.stream().map((v) -> clean(v)).toList()));
		for (FieldDefinition field : page.fields()) {
			if (field instanceof GroupField group) {
				int size = posted.groupSize(group.id());
				for (int i = 0; i < size; i++) {
					for (FieldDefinition child : group.fields()) {
						normalizeField(child, group.id() + "[" + i + "]." + child.id(), values);
					}
				}
			}
			else {
				normalizeField(field, field.id(), values);
			}
		}
		return new Answers(values);
	}

	private static String clean(String value) {
		return (value != null) ? CONTROL.matcher(value).replaceAll("").strip() : "";
	}

	private static void normalizeField(FieldDefinition field, String key, Map<String, List<String>> values) {
		switch (field.type()) {
			case NUMBER, YEN -> map(values, key, AnswerValidator::numeric);
			case DATE -> map(values, key, (s) -> Wareki.parse(s).map(LocalDate::toString).orElse(s));
			case PHONE -> map(values, key, (s) -> JapaneseText.nfkc(s).replaceAll("[-‐()（）\\s]", ""));
			case EMAIL -> map(values, key, JapaneseText::nfkc);
			case TEXT -> {
				TextField text = (TextField) field;
				if (text.format() == FieldDefinition.TextFormat.KATAKANA) {
					map(values, key, AnswerValidator::kana);
				}
				else if (text.format() != null) {
					map(values, key, JapaneseText::nfkc);
				}
			}
			case NAME -> {
				map(values, key + ".family-kana", AnswerValidator::kana);
				map(values, key + ".given-kana", AnswerValidator::kana);
			}
			case ADDRESS -> map(values, key + ".postal-code", (s) -> {
				String digits = JapaneseText.nfkc(s).replaceAll("[^0-9]", "");
				return (digits.length() == 7) ? digits.substring(0, 3) + "-" + digits.substring(3) : s;
			});
			case BANK_ACCOUNT -> {
				map(values, key + ".number", (s) -> JapaneseText.nfkc(s).replaceAll("[-\\s]", ""));
				map(values, key + ".holder", AnswerValidator::kana);
			}
			case TEXTAREA, CHOICE, GROUP, FILE, CONSENT, MY_NUMBER -> {
			}
		}
	}

	private static void map(Map<String, List<String>> values, String key, java.util.function.UnaryOperator<String> fn) {
		values.computeIfPresent(key, (k, v) -> v.stream().map(fn).toList());
	}

	private static String numeric(String value) {
		return JapaneseText.nfkc(value).replaceAll("[,円¥\\s]", "");
	}

	private static String kana(String value) {
		return JapaneseText.toKatakana(JapaneseText.nfkc(value));
	}

	/** Problems with the answers to the page's visible fields, in page order. */
	public static List<FieldProblem> validate(Page page, Answers answers, LocalDate today) {
		List<FieldProblem> problems = new ArrayList<>();
		for (FieldDefinition field : page.visibleFields(answers)) {
			if (field instanceof GroupField group) {
				validateGroup(group, answers, today, problems);
			}
			else {
				validateField(field, field.id(), answers, today, problems);
			}
		}
		return problems;
	}

	private static void validateGroup(GroupField group, Answers answers, LocalDate today, List<FieldProblem> problems) {
		int size = answers.groupSize(group.id());
		int filled = 0;
		for (int i = 0; i < size; i++) {
			String prefix = group.id() + "[" + i + "].";
			boolean itemAnswered = group.fields()
				.stream()
				.anyMatch((f) -> answers.isAnsweredWithParts(prefix + f.id()));
			if (!itemAnswered) {
				continue;
			}
			filled++;
			for (FieldDefinition child : group.fields()) {
				validateField(child, prefix + child.id(), answers, today, problems);
			}
		}
		if (filled < group.minItems()) {
			problems.add(
					FieldProblem.of(group.id() + "[0]." + group.fields().get(0).id() + firstPart(group.fields().get(0)),
							group, "error.groupMin", group.minItems()));
		}
		if (filled > group.maxItems()) {
			problems.add(FieldProblem.of(group.id(), group, "error.groupMax", group.maxItems()));
		}
	}

	private static String firstPart(FieldDefinition field) {
		return field.parts().isEmpty() ? "" : "." + field.parts().get(0);
	}

	private static void validateField(FieldDefinition field, String key, Answers answers, LocalDate today,
			List<FieldProblem> problems) {
		switch (field.type()) {
			case TEXT -> {
				TextField t = (TextField) field;
				text(t, key, answers.first(key), t.minLength(), t.maxLength(), problems);
			}
			case TEXTAREA -> {
				TextAreaField t = (TextAreaField) field;
				text(t, key, answers.first(key), t.minLength(), t.maxLength(), problems);
			}
			case NUMBER -> {
				NumberField n = (NumberField) field;
				number(n, key, answers.first(key), n.min(), n.max(), problems);
			}
			case YEN -> {
				YenField y = (YenField) field;
				number(y, key, answers.first(key), y.min(), y.max(), problems);
			}
			case DATE -> date((DateField) field, key, answers.first(key), today, problems);
			case CHOICE -> choice((ChoiceField) field, key, answers.all(key), problems);
			case NAME -> {
				required(field, key + ".family", answers, problems, 50);
				required(field, key + ".given", answers, problems, 50);
				kana(field, key + ".family-kana", answers, problems);
				kana(field, key + ".given-kana", answers, problems);
			}
			case ADDRESS -> {
				String postal = answers.first(key + ".postal-code");
				if (postal.isEmpty() && field.required()) {
					problems.add(FieldProblem.of(key + ".postal-code", field, "error.required"));
				}
				else if (!postal.isEmpty() && !POSTAL_CODE.matcher(postal).matches()) {
					problems.add(FieldProblem.of(key + ".postal-code", field, "error.postalCode"));
				}
				required(field, key + ".line1", answers, problems, 200);
				if (answers.first(key + ".line2").codePointCount(0, answers.first(key + ".line2").length()) > 200) {
					problems.add(FieldProblem.of(key + ".line2", field, "error.tooLong", 200));
				}
			}
			case PHONE -> pattern(field, key, answers.first(key), PHONE, "error.phone", problems);
			case EMAIL -> {
				pattern(field, key, answers.first(key), EMAIL, "error.email", problems);
				text(field, key, answers.first(key), 0, 254, problems);
			}
			case BANK_ACCOUNT -> bankAccount(field, key, answers, problems);
			case FILE -> {
				if (field.required() && !answers.isAnswered(key)) {
					problems.add(FieldProblem.of(key + ".upload", field, "error.fileRequired"));
				}
			}
			case CONSENT -> {
				if (field.required() && !"true".equals(answers.first(key))) {
					problems.add(FieldProblem.of(key, field, "error.consent"));
				}
			}
			case MY_NUMBER -> myNumber(field, key, answers.first(key), problems);
			case GROUP -> throw new IllegalStateException("groups do not nest");
		}
	}

	/**
	 * A My Number's stored answer is the encrypted number; what the resident typed was
	 * checked (and, when wrong, replaced by a marker) before it was stored.
	 */
	private static void myNumber(FieldDefinition field, String key, String value, List<FieldProblem> problems) {
		if (value.isEmpty()) {
			if (field.required()) {
				problems.add(FieldProblem.of(key, field, "error.required"));
			}
		}
		else if (!MyNumberAnswer.isSealed(value)) {
			problems.add(FieldProblem.of(key, field, "error.myNumber"));
		}
	}

	private static void bankAccount(FieldDefinition field, String key, Answers answers, List<FieldProblem> problems) {
		required(field, key + ".bank", answers, problems, 50);
		required(field, key + ".branch", answers, problems, 50);
		String kind = answers.first(key + ".kind");
		if (kind.isEmpty() && field.required()) {
			problems.add(FieldProblem.of(key + ".kind", field, "error.choiceRequired"));
		}
		else if (!kind.isEmpty() && !kind.equals("ordinary") && !kind.equals("current")) {
			problems.add(FieldProblem.of(key + ".kind", field, "error.choice"));
		}
		String number = answers.first(key + ".number");
		if (number.isEmpty() && field.required()) {
			problems.add(FieldProblem.of(key + ".number", field, "error.required"));
		}
		else if (!number.isEmpty() && !number.matches("^[0-9]{7}$")) {
			problems.add(FieldProblem.of(key + ".number", field, "error.bankNumber"));
		}
		kana(field, key + ".holder", answers, problems);
	}

	private static void required(FieldDefinition field, String key, Answers answers, List<FieldProblem> problems,
			int maxLength) {
		String value = answers.first(key);
		if (value.isEmpty() && field.required()) {
			problems.add(FieldProblem.of(key, field, "error.required"));
		}
		else if (value.codePointCount(0, value.length()) > maxLength) {
			problems.add(FieldProblem.of(key, field, "error.tooLong", maxLength));
		}
	}

	private static void kana(FieldDefinition field, String key, Answers answers, List<FieldProblem> problems) {
		String value = answers.first(key);
		if (value.isEmpty()) {
			if (field.required()) {
				problems.add(FieldProblem.of(key, field, "error.required"));
			}
		}
		else if (!JapaneseText.isKatakana(value)) {
			problems.add(FieldProblem.of(key, field, "error.katakana"));
		}
		else if (value.length() > 50) {
			problems.add(FieldProblem.of(key, field, "error.tooLong", 50));
		}
	}

	private static void text(FieldDefinition field, String key, String value, int min, int max,
			List<FieldProblem> problems) {
		int length = value.codePointCount(0, value.length());
		if (value.isEmpty()) {
			if (field.required()) {
				problems.add(FieldProblem.of(key, field, "error.required"));
			}
			return;
		}
		if (length > max) {
			problems.add(FieldProblem.of(key, field, "error.tooLong", max));
		}
		else if (length < min) {
			problems.add(FieldProblem.of(key, field, "error.tooShort", min));
		}
		else if (field instanceof TextField t && t.format() != null) {
			boolean ok = switch (t.format()) {
				case DIGITS -> DIGITS.matcher(value).matches();
				case ALPHANUMERIC -> ALPHANUMERIC.matcher(value).matches();
				case KATAKANA -> JapaneseText.isKatakana(value);
			};
			if (!ok) {
				problems
					.add(FieldProblem.of(key, field, "error." + t.format().name().toLowerCase(java.util.Locale.ROOT)));
			}
		}
	}

	private static void number(FieldDefinition field, String key, String value, Long min, Long max,
			List<FieldProblem> problems) {
		if (value.isEmpty()) {
			if (field.required()) {
				problems.add(FieldProblem.of(key, field, "error.required"));
			}
			return;
		}
		if (!value.matches("^-?[0-9]{1,15}$")) {
			problems.add(FieldProblem.of(key, field, "error.number"));
			return;
		}
		long number = Long.parseLong(value);
		if (min != null && number < min) {
			problems.add(FieldProblem.of(key, field, "error.min", min));
		}
		else if (max != null && number > max) {
			problems.add(FieldProblem.of(key, field, "error.max", max));
		}
	}

	private static void date(DateField field, String key, String value, LocalDate today, List<FieldProblem> problems) {
		if (value.isEmpty()) {
			if (field.required()) {
				problems.add(FieldProblem.of(key, field, "error.required"));
			}
			return;
		}
		Optional<LocalDate> date = Wareki.parse(value);
		if (date.isEmpty()) {
			problems.add(FieldProblem.of(key, field, "error.date"));
			return;
		}
		if (field.min() != null && date.get().isBefore(field.min().resolve(today))) {
			problems.add(FieldProblem.of(key, field, "error.dateMin", field.min().resolve(today)));
		}
		else if (field.max() != null && date.get().isAfter(field.max().resolve(today))) {
			problems.add(FieldProblem.of(key, field, "error.dateMax", field.max().resolve(today)));
		}
	}

	private static void choice(ChoiceField field, String key, List<String> values, List<FieldProblem> problems) {
		List<String> chosen = values.stream().filter((v) -> v != null && !v.isBlank()).toList();
		if (chosen.isEmpty()) {
			if (field.required()) {
				problems.add(FieldProblem.of(key, field, "error.choiceRequired"));
			}
			return;
		}
		if ((field.style() != ChoiceStyle.CHECKBOX && chosen.size() > 1)
				|| chosen.stream().anyMatch((v) -> !field.hasOption(v))) {
			problems.add(FieldProblem.of(key, field, "error.choice"));
		}
	}

	private static void pattern(FieldDefinition field, String key, String value, Pattern pattern, String code,
			List<FieldProblem> problems) {
		if (value.isEmpty()) {
			if (field.required()) {
				problems.add(FieldProblem.of(key, field, "error.required"));
			}
		}
		else if (!pattern.matcher(value).matches()) {
			problems.add(FieldProblem.of(key, field, code));
		}
	}

}
