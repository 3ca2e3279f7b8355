package jp.tenohira.portal.submission;

import java.util.List;

/**
 * The check-your-answers (確認) page: every visible answer by page, each with a link to
 * change it.
 */
record CheckView(String draftId, String procedureTitle, List<Section> sections, int steps) {

	/** The answers of one page. */
	record Section(String title, List<Row> rows) {
	}

	/** One answer with its change link. */
	record Row(String label, List<String> lines, String changeUrl) {
	}

}
