package jp.tenohira.portal.submission;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.Wareki;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.Lang;

/**
 * The receipt page: the 受付番号, when, which procedure and which section will handle it.
 */
record ReceiptView(String receiptNumber, String procedureTitle, String section, String submittedAt) {

	static ReceiptView of(Receipt receipt, FormRegistry registry, Lang lang) {
		String title = registry.find(receipt.procedureId())
			.map((d) -> d.title().in(lang))
			.orElse(receipt.procedureId());
		String section = registry.city().section(receipt.sectionId()).map((s) -> s.name().in(lang)).orElse("");
		LocalDateTime at = LocalDateTime.ofInstant(receipt.submittedAt(), CityTime.ZONE);
		String when = (lang == Lang.EN) ? at.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " JST"
				: Wareki.format(at.toLocalDate()) + " " + at.format(DateTimeFormatter.ofPattern("H:mm"));
		return new ReceiptView(receipt.receiptNumber(), title, section, when);
	}

}
