package jp.tenohira.portal.forms;

import java.util.List;
import java.util.Optional;

import jp.tenohira.portal.shared.LocalizedText;

/**
 * One procedure (手続) as DX staff defined it: catalog texts, who handles it, the identity
 * it needs and, when online, its pages. {@code version} is a digest of the source, so a
 * submission always refers to the exact definition the resident saw.
 */
public record ProcedureDefinition(String id, String version, String source, LocalizedText title, LocalizedText summary,
		String section, List<String> lifeEvents, List<String> keywords, LocalizedText eligibility,
		List<LocalizedText> bring, LocalizedText fee, AssuranceLevel assurance, boolean online, Counter counter,
		List<Page> pages, Routing routing) {

	/** Where, when and how to apply in person. */
	public record Counter(LocalizedText place, LocalizedText hours, String phone) {
	}

	public Optional<Page> page(String pageId) {
		return this.pages.stream().filter((p) -> p.id().equals(pageId)).findFirst();
	}

	/** Pages shown for these answers, in order. */
	public List<Page> visiblePages(Answers answers) {
		return this.pages.stream().filter((p) -> p.when().test(answers)).toList();
	}

	/** Every top-level field, in page order. */
	public List<FieldDefinition> allFields() {
		return this.pages.stream().flatMap((p) -> p.fields().stream()).toList();
	}

	/**
	 * The answers a submission keeps: only those of fields shown for these answers.
	 * Answers left behind on pages that a later change hid are dropped, so staff never
	 * see stale data.
	 */
	public Answers visibleAnswers(Answers answers) {
		List<String> visibleFieldIds = visiblePages(answers).stream()
			.flatMap((p) -> p.visibleFields(answers).stream())
			.map(FieldDefinition::id)
			.toList();
		return answers.only(visibleFieldIds);
	}

}
