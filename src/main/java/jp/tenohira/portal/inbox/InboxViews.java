package jp.tenohira.portal.inbox;

import java.util.List;

/**
 * The fully resolved view models of the staff inbox pages (no reactive types, no message
 * keys left to look up except where a template shows fixed texts).
 */
final class InboxViews {

	private InboxViews() {
	}

	/**
	 * The staff start page.
	 *
	 * @param sections the member's sections with their open counts
	 * @param auditor whether to offer the audit log
	 * @param dx whether to explain the DX roles
	 */
	record Start(List<SectionLink> sections, boolean auditor, boolean dx) {
	}

	/**
	 * A section on the start page.
	 *
	 * @param open open cases, or the cap when {@code capped}
	 * @param capped whether there are more than that
	 */
	record SectionLink(String id, String name, String url, long open, boolean capped) {
	}

	/**
	 * A section's inbox.
	 *
	 * @param sectionId the section
	 * @param sectionName its name in the page's language
	 * @param counts links to each status with its count (open and all first)
	 * @param form the filter form's values
	 * @param statuses the status choices of the filter form
	 * @param procedures the procedure choices of the filter form
	 * @param rows this page's rows
	 * @param nextUrl the next page, or {@code null} on the last page
	 * @param firstUrl the first page when this is a later one, else {@code null}
	 * @param filterAction where the filter form posts
	 * @param bulkAction where the bulk form posts (carrying this list's query)
	 * @param clearUrl the list without filters
	 * @param eventsUrl the live event stream
	 * @param live what the page's script needs to put arrivals on top
	 * @param canBulk whether the member may use the bulk actions
	 * @param invalid names of filter fields whose values were not understood
	 * @param flash the result of the last bulk action, or {@code null}
	 */
	record Section(String sectionId, String sectionName, List<CountLink> counts, java.util.Map<String, String> form,
			List<Option> statuses, List<Option> procedures, List<Row> rows, String nextUrl, String firstUrl,
			String filterAction, String bulkAction, String clearUrl, String eventsUrl, Live live, boolean canBulk,
			List<String> invalid, Flash flash) {
	}

	/**
	 * A status (or open, or all) with its count.
	 *
	 * @param count the count, or the cap when {@code capped}
	 * @param capped whether there are more than that
	 */
	record CountLink(String label, long count, boolean capped, String url, boolean current) {
	}

	/** A choice in a select. */
	record Option(String value, String label, boolean selected) {
	}

	/** A row of the list. */
	record Row(String id, String receiptNumber, String detailUrl, String procedureTitle, String receivedAt,
			String receivedIso, String statusLabel, String statusClass, String assigneeName, int revision) {
	}

	/**
	 * For the page's script: whether new arrivals go on top, and which of them.
	 *
	 * @param insert whether this list shows arrivals on top at all
	 * @param statuses status names the list accepts (space separated)
	 * @param procedure the procedure the list is limited to, or empty
	 */
	record Live(boolean insert, String statuses, String procedure) {
	}

	/**
	 * What the last bulk action did.
	 *
	 * @param updated how many submissions changed
	 * @param skipped how many selected ones could not be changed
	 * @param none whether nothing was selected
	 */
	record Flash(int updated, int skipped, boolean none) {
	}

}
