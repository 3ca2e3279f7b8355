package jp.tenohira.portal.submission;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FieldType;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.Lang;

/**
 * Submitted answers as staff read them: the same pages, fields and wording as the
 * resident's check page (in the reader's language), without the change links, and the
 * fields whose answers differ between two revisions.
 */
@Component
public class AnswerSheet {

	private final FormViews views;

	AnswerSheet(FormViews views) {
		this.views = views;
	}

	/** The answers of one visible page. */
	public record Section(String pageId, String title, List<Row> rows) {
	}

	/**
	 * One visible top-level field: its label, its answer as lines of text, and for an
	 * answered file field the id of the stored attachment.
	 */
	public record Row(String fieldId, String label, List<String> lines, String attachmentId) {
	}

	/** A top-level field whose answer differs between two revisions. */
	public record Change(String fieldId, String label, List<String> before, List<String> after) {
	}

	/**
	 * The pages and fields shown for these answers, in order, each answer as the
	 * resident's check page shows it.
	 */
	public List<Section> render(ProcedureDefinition definition, Answers answers, Lang lang) {
		Answers counted = definition.visibleAnswers(answers);
		List<Section> sections = new ArrayList<>();
		for (Page page : definition.visiblePages(answers)) {
			List<Row> rows = page.visibleFields(counted)
				.stream()
				.map((f) -> new Row(f.id(), f.label().in(lang), this.views.display(f, f.id(), counted, lang),
						attachmentId(f, counted)))
				.toList();
			sections.add(new Section(page.id(), page.title().in(lang), rows));
		}
		return sections;
	}

	/**
	 * The top-level fields, in page order, whose counted answers differ between
	 * {@code before} and {@code after}; a field shown in only one of them counts as
	 * changed.
	 */
	public List<Change> changes(ProcedureDefinition definition, Answers before, Answers after, Lang lang) {
		Answers countedBefore = definition.visibleAnswers(before);
		Answers countedAfter = definition.visibleAnswers(after);
		List<Change> changes = new ArrayList<>();
		for (FieldDefinition field : definition.allFields()) {
			List<String> id = List.of(field.id());
			if (nonBlank(countedBefore.only(id)).equals(nonBlank(countedAfter.only(id)))) {
				continue;
			}
			changes.add(new Change(field.id(), field.label().in(lang), lines(field, countedBefore, lang),
					lines(field, countedAfter, lang)));
		}
		return changes;
	}

	private List<String> lines(FieldDefinition field, Answers answers, Lang lang) {
		return this.views.display(field, field.id(), answers, lang);
	}

	/** Keys with only empty values say nothing: a cleared input equals a missing one. */
	private static java.util.Map<String, List<String>> nonBlank(Answers answers) {
		java.util.Map<String, List<String>> kept = new java.util.TreeMap<>();
		answers.values().forEach((k, v) -> {
			List<String> values = v.stream().filter((s) -> s != null && !s.isBlank()).map(String::strip).toList();
			if (!values.isEmpty()) {
				kept.put(k, values);
			}
		});
		return kept;
	}

	private static String attachmentId(FieldDefinition field, Answers answers) {
		if (field.type() != FieldType.FILE || !answers.isAnswered(field.id())) {
			return null;
		}
		return answers.first(field.id());
	}

}
