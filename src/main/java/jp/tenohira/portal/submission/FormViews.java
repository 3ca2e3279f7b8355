package jp.tenohira.portal.submission;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FieldDefinition.ChoiceField;
import jp.tenohira.portal.forms.FieldDefinition.FileField;
import jp.tenohira.portal.forms.FieldDefinition.GroupField;
import jp.tenohira.portal.forms.FieldDefinition.NumberField;
import jp.tenohira.portal.forms.FieldDefinition.TextAreaField;
import jp.tenohira.portal.forms.FieldDefinition.TextField;
import jp.tenohira.portal.forms.FieldProblem;
import jp.tenohira.portal.forms.FieldType;
import jp.tenohira.portal.forms.MyNumberAnswer;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.PostalCodeDirectory;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.forms.Wareki;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.shared.LocalizedText;

/**
 * Turns a definition, the saved answers and their problems into the plain view records
 * templates render, in the resident's language.
 */
@Component
class FormViews {

	private final MessageSource messages;

	private final PostalCodeDirectory postalCodes;

	FormViews(MessageSource messages, PostalCodeDirectory postalCodes) {
		this.messages = messages;
		this.postalCodes = postalCodes;
	}

	PageView page(ApplicationService.DraftContext context, Page page, List<FieldProblem> problems,
			String fileErrorField, ApplicationService.UploadProblem fileError, boolean returnToCheck, Lang lang) {
		ProcedureDefinition definition = context.definition();
		Answers answers = context.draft().answers();
		Map<String, List<String>> errorsByInput = new LinkedHashMap<>();
		List<PageView.ErrorView> summary = new ArrayList<>();
		if (fileError != null) {
			String key = fileErrorField + ".upload";
			String text = message("error.file." + fileError.name().toLowerCase(Locale.ROOT), lang);
			errorsByInput.computeIfAbsent(key, (k) -> new ArrayList<>()).add(text);
			definition.allFields()
				.stream()
				.filter((f) -> f.id().equals(fileErrorField))
				.findFirst()
				.ifPresent((f) -> summary.add(new PageView.ErrorView(htmlId(key), f.label().in(lang) + ": " + text)));
		}
		for (FieldProblem problem : problems) {
			String text = message(problem.code(), lang, problem.args().stream().map((a) -> arg(a, lang)).toArray());
			errorsByInput.computeIfAbsent(problem.inputName(), (k) -> new ArrayList<>()).add(text);
			summary.add(new PageView.ErrorView(htmlId(problem.inputName()), label(problem, lang) + ": " + text));
		}
		List<PageView.FieldView> fields = page.visibleFields(definition.visibleAnswers(answers))
			.stream()
			.map((f) -> field(f, f.id(), answers, errorsByInput, lang))
			.toList();
		int[] progress = FormFlow.progress(definition, answers, page.id());
		String action = "/applications/" + context.draft().id() + "/pages/" + page.id()
				+ (returnToCheck ? "?return=check" : "");
		return new PageView(context.draft().id().toString(), definition.id(), definition.title().in(lang), page.id(),
				page.title().in(lang), text(page.help(), lang), progress[0], progress[1], page.hasFileField(),
				returnToCheck, fields, summary, action);
	}

	private PageView.FieldView field(FieldDefinition field, String name, Answers answers,
			Map<String, List<String>> errorsByInput, Lang lang) {
		Map<String, String> parts = new LinkedHashMap<>();
		field.parts().forEach((part) -> parts.put(part, answers.first(name + "." + part)));
		List<String> errors = new ArrayList<>();
		List<String> invalidParts = new ArrayList<>();
		errorsByInput.forEach((key, texts) -> {
			if (field.type() == FieldType.GROUP) {
				if (key.equals(name)) {
					errors.addAll(texts);
				}
				return;
			}
			String part = key.startsWith(name + ".") ? key.substring(name.length() + 1) : null;
			if (key.equals(name) || (part != null && !field.parts().contains(part))) {
				errors.addAll(texts);
			}
			else if (part != null) {
				invalidParts.add(part);
				String partLabel = PART_LABELS.containsKey(part) ? message(PART_LABELS.get(part), lang) : part;
				texts.forEach((t) -> errors.add(partLabel + ": " + t));
			}
		});
		List<PageView.OptionView> options = List.of();
		String style = null;
		if (field instanceof ChoiceField choice) {
			List<String> chosen = answers.all(name);
			options = choice.options()
				.stream()
				.map((o) -> new PageView.OptionView(o.value(), o.label().in(lang), chosen.contains(o.value()),
						htmlId(name) + "-" + o.value()))
				.toList();
			style = choice.style().name().toLowerCase(Locale.ROOT);
		}
		String unit = (field instanceof NumberField number && number.unit() != null) ? number.unit().in(lang) : null;
		String hint = hint(field, lang);
		List<PageView.ItemView> items = List.of();
		boolean canAdd = false;
		String addLabel = null;
		if (field instanceof GroupField group) {
			int size = Math.max(answers.groupSize(group.id()), Math.max(group.minItems(), 1));
			List<PageView.ItemView> list = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				int index = i;
				List<PageView.FieldView> children = group.fields()
					.stream()
					.map((c) -> field(c, group.id() + "[" + index + "]." + c.id(), answers,
							filterErrors(errorsByInput, group.id() + "[" + index + "]."), lang))
					.toList();
				String itemLabel = ((group.itemLabel() != null) ? group.itemLabel().in(lang) : group.label().in(lang))
						+ " " + (i + 1);
				list.add(new PageView.ItemView(i, itemLabel, children, size > Math.max(group.minItems(), 1)));
			}
			items = list;
			canAdd = size < group.maxItems();
			addLabel = message("form.group.add", lang,
					(group.itemLabel() != null) ? group.itemLabel().in(lang) : group.label().in(lang));
		}
		String fileName = null;
		String fileSize = null;
		String accept = null;
		if (field instanceof FileField file) {
			fileName = answers.isAnswered(name) ? answers.first(name + ".name") : null;
			fileSize = answers.isAnswered(name) ? kilobytes(answers.first(name + ".size")) : null;
			accept = file.accept().stream().map((k) -> k.mediaType()).sorted().collect(Collectors.joining(","));
		}
		// A My Number is never sent back to the browser, not even encrypted:
		// the page only says whether one is stored.
		boolean myNumber = field.type() == FieldType.MY_NUMBER;
		boolean fromCard = field.fromCard().isPresent();
		String fragment = fromCard ? CARD_FRAGMENT : field.type().fragment();
		String value = myNumber ? "" : answers.first(name);
		String shown = (fromCard && field.type() == FieldType.DATE && !value.isEmpty()) ? date(value, lang) : value;
		return new PageView.FieldView(fragment, name, htmlId(name), field.label().in(lang),
				text(field.basics().help(), lang), field.required(), shown, myNumber ? List.of() : answers.all(name),
				parts, options, style, List.copyOf(errors), List.copyOf(invalidParts), unit, hint, items, canAdd,
				addLabel, fileName, fileSize, accept,
				field.type() == FieldType.ADDRESS && this.postalCodes.isAvailable(), fromCard,
				myNumber && MyNumberAnswer.isSealed(answers.first(name)));
	}

	/** The read-only fragment for answers the server fills from the My Number card. */
	static final String CARD_FRAGMENT = "cardField";

	private static final Map<String, String> PART_LABELS = Map.ofEntries(Map.entry("family", "form.name.family"),
			Map.entry("given", "form.name.given"), Map.entry("family-kana", "form.name.familyKana"),
			Map.entry("given-kana", "form.name.givenKana"), Map.entry("postal-code", "form.address.postal"),
			Map.entry("line1", "form.address.line1"), Map.entry("line2", "form.address.line2"),
			Map.entry("bank", "form.bank.bank"), Map.entry("branch", "form.bank.branch"),
			Map.entry("kind", "form.bank.kind"), Map.entry("number", "form.bank.number"),
			Map.entry("holder", "form.bank.holder"));

	/** The field's label, with the part named for composite fields: 申込者氏名（名）. */
	private String label(FieldProblem problem, Lang lang) {
		String label = problem.field().label().in(lang);
		String input = problem.inputName();
		int dot = input.lastIndexOf('.');
		String part = (dot >= 0) ? input.substring(dot + 1) : "";
		if (!problem.field().parts().contains(part) || !PART_LABELS.containsKey(part)) {
			return label;
		}
		String partLabel = message(PART_LABELS.get(part), lang);
		return (lang == Lang.EN) ? label + " (" + partLabel + ")" : label + "（" + partLabel + "）";
	}

	private static Map<String, List<String>> filterErrors(Map<String, List<String>> errors, String prefix) {
		Map<String, List<String>> filtered = new LinkedHashMap<>();
		errors.forEach((k, v) -> {
			if (k.startsWith(prefix)) {
				filtered.put(k, v);
			}
		});
		return filtered;
	}

	private String hint(FieldDefinition field, Lang lang) {
		return switch (field.type()) {
			case TEXT -> {
				TextField text = (TextField) field;
				yield (text.format() != null)
						? message("form.hint." + text.format().name().toLowerCase(Locale.ROOT), lang) : null;
			}
			case TEXTAREA -> message("form.hint.maxLength", lang, ((TextAreaField) field).maxLength());
			case DATE -> message("form.hint.date", lang);
			case PHONE -> message("form.hint.phone", lang);
			case EMAIL -> message("form.hint.email", lang);
			case FILE -> {
				FileField file = (FileField) field;
				yield message("form.hint.file", lang,
						file.accept().stream().map(Enum::name).sorted().collect(Collectors.joining(" / ")),
						file.maxSizeKb() >= 1024 ? (file.maxSizeKb() / 1024) + " MB" : file.maxSizeKb() + " KB");
			}
			case MY_NUMBER -> message("form.hint.myNumber", lang);
			case NUMBER, YEN, CHOICE, NAME, ADDRESS, BANK_ACCOUNT, GROUP, CONSENT -> null;
		};
	}

	CheckView check(ApplicationService.DraftContext context, Lang lang) {
		ProcedureDefinition definition = context.definition();
		Answers answers = context.draft().answers();
		List<CheckView.Section> sections = new ArrayList<>();
		Answers counted = definition.visibleAnswers(answers);
		for (Page page : definition.visiblePages(answers)) {
			List<CheckView.Row> rows = page.visibleFields(counted)
				.stream()
				.map((f) -> new CheckView.Row(f.label().in(lang), display(f, f.id(), answers, lang),
						"/applications/" + context.draft().id() + "/pages/" + page.id() + "?return=check#"
								+ htmlId(f.id() + (f.parts().isEmpty() ? "" : "." + f.parts().get(0)))))
				.toList();
			sections.add(new CheckView.Section(page.title().in(lang), rows));
		}
		return new CheckView(context.draft().id().toString(), definition.title().in(lang), sections,
				definition.visiblePages(answers).size() + 1);
	}

	/**
	 * An answer as lines of text for the check page (and later for staff), in the
	 * reader's language.
	 */
	List<String> display(FieldDefinition field, String key, Answers answers, Lang lang) {
		String value = answers.first(key);
		List<String> lines = switch (field.type()) {
			case TEXT, TEXTAREA, PHONE, EMAIL -> value.isEmpty() ? List.of() : List.of(value.split("\\R"));
			case NUMBER -> {
				NumberField number = (NumberField) field;
				yield value.isEmpty() ? List.of()
						: List.of(value + ((number.unit() != null) ? " " + number.unit().in(lang) : ""));
			}
			case YEN -> value.isEmpty() ? List.of() : List.of(yen(value, lang));
			case DATE -> value.isEmpty() ? List.of() : List.of(date(value, lang));
			case CHOICE -> ((ChoiceField) field).options()
				.stream()
				.filter((o) -> answers.all(key).contains(o.value()))
				.map((o) -> o.label().in(lang))
				.toList();
			case NAME ->
				answers.isAnsweredWithParts(key)
						? List.of(answers.first(key + ".family") + " " + answers.first(key + ".given"),
								answers.first(key + ".family-kana") + " " + answers.first(key + ".given-kana"))
						: List.of();
			case ADDRESS ->
				answers.isAnsweredWithParts(key)
						? List.of("〒" + answers.first(key + ".postal-code"),
								(answers.first(key + ".line1") + " " + answers.first(key + ".line2")).strip())
						: List.of();
			case BANK_ACCOUNT -> answers.isAnsweredWithParts(key)
					? List.of(answers.first(key + ".bank") + " " + answers.first(key + ".branch"),
							(answers.first(key + ".kind").isEmpty() ? ""
									: message("form.bank.kind." + answers.first(key + ".kind"), lang) + " ")
									+ answers.first(key + ".number"),
							answers.first(key + ".holder"))
					: List.of();
			case GROUP -> group((GroupField) field, key, answers, lang);
			case FILE -> answers.isAnswered(key)
					? List.of(answers.first(key + ".name") + " (" + kilobytes(answers.first(key + ".size")) + ")")
					: List.of();
			case CONSENT -> "true".equals(value) ? List.of(message("form.consent.given", lang)) : List.of();
			case MY_NUMBER ->
				MyNumberAnswer.isSealed(value) ? List.of(message("form.myNumber.stored", lang)) : List.of();
		};
		return lines.isEmpty() ? List.of(message("check.notAnswered", lang)) : lines;
	}

	private List<String> group(GroupField group, String key, Answers answers, Lang lang) {
		List<String> lines = new ArrayList<>();
		int size = answers.groupSize(key);
		int shown = 0;
		for (int i = 0; i < size; i++) {
			String prefix = key + "[" + i + "].";
			if (group.fields().stream().noneMatch((f) -> answers.isAnsweredWithParts(prefix + f.id()))) {
				continue;
			}
			shown++;
			String label = (group.itemLabel() != null) ? group.itemLabel().in(lang) : group.label().in(lang);
			String item = group.fields()
				.stream()
				.map((f) -> f.label().in(lang) + ": " + String.join(" ", display(f, prefix + f.id(), answers, lang)))
				.collect(Collectors.joining(" / "));
			lines.add(label + " " + shown + " — " + item);
		}
		return lines;
	}

	private String date(String iso, Lang lang) {
		try {
			LocalDate date = LocalDate.parse(iso);
			return (lang == Lang.EN) ? date + " (" + Wareki.format(date) + ")"
					: Wareki.format(date) + "（" + date.getYear() + "年）";
		}
		catch (java.time.format.DateTimeParseException ex) {
			return iso;
		}
	}

	private String yen(String value, Lang lang) {
		try {
			String amount = NumberFormat.getIntegerInstance(Locale.JAPAN).format(Long.parseLong(value));
			return (lang == Lang.EN) ? "¥" + amount : amount + "円";
		}
		catch (NumberFormatException ex) {
			return value;
		}
	}

	private static String kilobytes(String bytes) {
		try {
			long size = Long.parseLong(bytes);
			return (size >= 1024 * 1024) ? String.format(Locale.ROOT, "%.1f MB", size / (1024.0 * 1024))
					: Math.max(1, size / 1024) + " KB";
		}
		catch (NumberFormatException ex) {
			return "";
		}
	}

	private Object arg(Object arg, Lang lang) {
		if (arg instanceof LocalDate date) {
			return (lang == Lang.EN) ? date.toString() : Wareki.format(date);
		}
		return arg;
	}

	String message(String code, Lang lang, Object... args) {
		return this.messages.getMessage(code, args, lang.locale());
	}

	private static String text(LocalizedText text, Lang lang) {
		return (text != null) ? text.in(lang) : null;
	}

	/**
	 * An HTML id for an input name: {@code items[0].item-name} becomes
	 * {@code f-items-0-item-name}.
	 */
	static String htmlId(String inputName) {
		return "f-" + inputName.replaceAll("[^a-z0-9-]+", "-").replaceAll("-+$", "");
	}

}
