package jp.tenohira.portal.notification;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.Lang;

/**
 * Everything one e-mail says, fully resolved: never the answers, the applicant's name or
 * address, or a My Number; only the procedure, the receipt number and what staff wrote
 * for the resident.
 *
 * @param kind which e-mail
 * @param lang the resident's language when they submitted
 * @param to the address the resident gave (may be {@code null}: nothing to send)
 * @param receiptNumber 受付番号
 * @param procedureTitle the procedure's title in the resident's language
 * @param outcome for decisions: {@code APPROVED}, {@code REJECTED} or {@code COMPLETED}
 * @param reason for a rejection: the reason staff gave
 * @param message for a correction request: what staff ask
 * @param itemLabels for a correction request: the names of the items to fix
 */
record Notice(MailKind kind, Lang lang, String to, String receiptNumber, String procedureTitle, String outcome,
		String reason, String message, List<String> itemLabels) {

	Notice {
		itemLabels = List.copyOf(itemLabels);
	}

	static Notice of(MailKind kind, MailOutbox.Facts facts, ProcedureDefinition definition) {
		Lang lang = lang(facts.lang());
		Map<String, FieldDefinition> fields = definition.allFields()
			.stream()
			.collect(Collectors.toMap(FieldDefinition::id, Function.identity(), (a, b) -> a));
		List<String> labels = (kind != MailKind.CORRECTION) ? List.of()
				: facts.correctionFields()
					.stream()
					.map((id) -> (fields.containsKey(id)) ? fields.get(id).label().in(lang) : id)
					.toList();
		String outcome = (facts.decidedStatus() != null) ? facts.decidedStatus() : facts.status();
		return new Notice(kind, lang, blankToNull(facts.notifyEmail()), facts.receiptNumber(),
				definition.title().in(lang), (kind == MailKind.DECISION) ? outcome : null,
				(kind == MailKind.DECISION && "REJECTED".equals(outcome)) ? facts.decisionReason() : null,
				(kind == MailKind.CORRECTION) ? facts.correctionMessage() : null, labels);
	}

	/**
	 * The language code stored on the submission ({@code ja}, {@code en}, {@code easy}).
	 */
	static Lang lang(String code) {
		if ("en".equals(code)) {
			return Lang.EN;
		}
		return "easy".equals(code) ? Lang.EASY : Lang.JA;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
