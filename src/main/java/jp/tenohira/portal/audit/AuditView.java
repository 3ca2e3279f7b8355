package jp.tenohira.portal.audit;

import java.util.List;

/**
 * The auditor's search screen, fully resolved.
 *
 * @param filters what was asked for, echoed into the form
 * @param actions the action select's options
 * @param outcomes the outcome select's options
 * @param sections the section select's options
 * @param problems filters that could not be read (and were left out)
 * @param targetNote how a target was resolved (receipt number and id), or null
 * @param rows the records, newest first
 * @param nextUrl the next page, or null on the last
 * @param firstUrl the first page of the same search, or null on the first page
 */
record AuditView(Filters filters, List<Option> actions, List<Option> outcomes, List<Option> sections,
		List<String> problems, String targetNote, List<RowView> rows, String nextUrl, String firstUrl) {

	/** The filters as entered. */
	record Filters(String actor, String action, String target, String section, String outcome, String from, String to) {
	}

	/** A select option. */
	record Option(String value, String label, boolean selected) {
	}

	/** One record. */
	record RowView(String at, String actorKind, String actorName, String actorSubject, String action, String targetType,
			String targetId, String receiptNumber, String section, String purpose, String outcome, String outcomeCss,
			String detail) {
	}

}
