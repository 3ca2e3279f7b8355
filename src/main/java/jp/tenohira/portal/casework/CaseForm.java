package jp.tenohira.portal.casework;

import java.util.List;

import org.springframework.util.MultiValueMap;

import jp.tenohira.portal.mynumber.MyNumbers;

/**
 * What staff entered in the case screen's forms, kept so that a refused action shows it
 * again.
 *
 * @param message the correction request's message
 * @param fields the field ids ticked for correction
 * @param reason the rejection's reason
 * @param section the section chosen for a transfer
 * @param note a note being added
 * @param field the My Number field to reveal
 * @param purpose the code of the purpose chosen for a reveal
 * @param purposeDetail the purpose of a reveal in the staff member's words
 */
record CaseForm(String message, List<String> fields, String reason, String section, String note, String field,
		String purpose, String purposeDetail) {

	/** Longest text kept from a post (the workflow and notes refuse longer ones). */
	static final int MAX_TEXT = 4000;

	static final CaseForm EMPTY = new CaseForm("", List.of(), "", "", "", "", "", "");

	CaseForm {
		message = (message != null) ? message : "";
		fields = (fields != null) ? List.copyOf(fields) : List.of();
		reason = (reason != null) ? reason : "";
		section = (section != null) ? section : "";
		note = (note != null) ? note : "";
		field = (field != null && field.matches("[a-z0-9-]{1,64}")) ? field : "";
		purpose = (purpose != null && purpose.matches("[a-z0-9-]{1,40}")) ? purpose : "";
		purposeDetail = (purposeDetail != null) ? purposeDetail : "";
	}

	static CaseForm of(MultiValueMap<String, String> posted) {
		List<String> fields = posted.getOrDefault("fields", List.of())
			.stream()
			.filter((f) -> f != null && f.matches("[a-z0-9-]{1,64}"))
			.distinct()
			.limit(200)
			.toList();
		return new CaseForm(text(posted.getFirst("message")), fields, text(posted.getFirst("reason")),
				text(posted.getFirst("section")), text(posted.getFirst("note")), posted.getFirst("field"),
				posted.getFirst("purpose"), text(posted.getFirst("purposeDetail")));
	}

	/**
	 * This form with any My Number in the reveal's purpose masked: a refused reveal shows
	 * what was entered again, but never a number typed into it.
	 */
	CaseForm withPurposeMasked() {
		return new CaseForm(this.message, this.fields, this.reason, this.section, this.note, this.field, this.purpose,
				MyNumbers.redact(this.purposeDetail));
	}

	private static String text(String value) {
		if (value == null) {
			return "";
		}
		return (value.length() > MAX_TEXT) ? value.substring(0, MAX_TEXT) : value;
	}

}
