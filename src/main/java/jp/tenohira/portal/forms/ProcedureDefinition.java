package jp.tenohira.portal.forms;

import java.util.List;
import java.util.Optional;

import jp.tenohira.portal.shared.LocalizedText;

/**
 * One procedure (手続) as DX staff defined it: catalog texts, who handles it, the identity
 * it needs and, when online, its pages. {@code version} is a digest of the source, so a
 * submission always refers to the exact definition the resident saw. {@code legalBasis}
 * names the law that allows the procedure to collect a My Number (null when it does not).
 */
public record ProcedureDefinition(String id, String version, String source, LocalizedText title, LocalizedText summary,
		String section, List<String> lifeEvents, List<String> keywords, LocalizedText eligibility,
		List<LocalizedText> bring, LocalizedText fee, AssuranceLevel assurance, boolean online, Counter counter,
		List<Page> pages, Routing routing, LocalizedText legalBasis) {

	/** A definition without a legal basis for My Numbers. */
	public ProcedureDefinition(String id, String version, String source, LocalizedText title, LocalizedText summary,
			String section, List<String> lifeEvents, List<String> keywords, LocalizedText eligibility,
			List<LocalizedText> bring, LocalizedText fee, AssuranceLevel assurance, boolean online, Counter counter,
			List<Page> pages, Routing routing) {
		this(id, version, source, title, summary, section, lifeEvents, keywords, eligibility, bring, fee, assurance,
				online, counter, pages, routing, null);
	}

	/** Where, when and how to apply in person. */
	public record Counter(LocalizedText place, LocalizedText hours, String phone) {
	}

	public Optional<Page> page(String pageId) {
		return this.pages.stream().filter((p) -> p.id().equals(pageId)).findFirst();
	}

	/** Pages shown for these answers, in order (see {@link #visibleAnswers}). */
	public List<Page> visiblePages(Answers answers) {
		Answers counted = visibleAnswers(answers);
		return this.pages.stream().filter((p) -> p.when().test(counted)).toList();
	}

	/** Whether any page asks for a My Number. */
	public boolean hasMyNumber() {
		return allFields().stream().anyMatch((f) -> f.type() == FieldType.MY_NUMBER);
	}

	/** Every top-level field, in page order. */
	public List<FieldDefinition> allFields() {
		return this.pages.stream().flatMap((p) -> p.fields().stream()).toList();
	}

	/**
	 * The answers that count: those of fields shown, worked out in page and field order,
	 * each condition tested only against answers already found to count. An answer left
	 * on a field that a later change hid therefore neither shows nor requires anything
	 * further on, and never reaches staff; it stays in the draft in case the resident
	 * changes back. Conditions may only look back (checked when definitions load), so one
	 * pass is enough.
	 */
	public Answers visibleAnswers(Answers answers) {
		Answers counted = Answers.empty();
		for (Page page : this.pages) {
			if (!page.when().test(counted)) {
				continue;
			}
			for (FieldDefinition field : page.fields()) {
				if (field.when().test(counted)) {
					counted = counted.plus(answers.only(List.of(field.id())));
				}
			}
		}
		return counted;
	}

}
