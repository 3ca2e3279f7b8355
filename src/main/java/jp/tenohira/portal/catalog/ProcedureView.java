package jp.tenohira.portal.catalog;

import java.util.List;

import jp.tenohira.portal.forms.AssuranceLevel;
import jp.tenohira.portal.forms.CityConfiguration;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.shared.LocalizedText;

/**
 * A procedure's page, resolved for one language: what it is, who may apply, what to have
 * ready, the fee, how to apply (online or at the counter), and the law that allows it to
 * ask for a My Number.
 */
record ProcedureView(String id, String title, String summary, String section, String department, String eligibility,
		List<String> bring, String fee, boolean online, boolean needsLogin, int pageCount, String counterPlace,
		String counterHours, String counterPhone, String legalBasis, boolean asksMyNumber, boolean needsCard,
		boolean signs) {

	static ProcedureView of(ProcedureDefinition d, CityConfiguration city, Lang lang) {
		CityConfiguration.Section section = city.section(d.section()).orElseThrow();
		String department = city.department(section.departmentId()).map((dep) -> dep.name().in(lang)).orElse("");
		ProcedureDefinition.Counter counter = d.counter();
		return new ProcedureView(d.id(), d.title().in(lang), d.summary().in(lang), section.name().in(lang), department,
				text(d.eligibility(), lang), d.bring().stream().map((t) -> t.in(lang)).toList(), text(d.fee(), lang),
				d.online(), d.assurance() != AssuranceLevel.NONE, d.pages().size(),
				(counter != null) ? text(counter.place(), lang) : city.office().in(lang),
				(counter != null && counter.hours() != null) ? counter.hours().in(lang) : city.hours().in(lang),
				(counter != null) ? counter.phone() : null, text(d.legalBasis(), lang), d.hasMyNumber(),
				d.assurance() == AssuranceLevel.JPKI_AUTH || d.assurance() == AssuranceLevel.JPKI_SIGN,
				d.assurance() == AssuranceLevel.JPKI_SIGN);
	}

	private static String text(LocalizedText text, Lang lang) {
		return (text != null) ? text.in(lang) : null;
	}

}
