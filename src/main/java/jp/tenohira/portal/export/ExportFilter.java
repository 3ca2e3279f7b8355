package jp.tenohira.portal.export;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import jp.tenohira.portal.submission.SubmissionStatus;

/**
 * Which submissions an export holds besides section and procedure: submitted on or after
 * {@code from} and on or before {@code to} (dates in Japan time), and in one status. Each
 * is optional ({@code null}).
 */
record ExportFilter(LocalDate from, LocalDate to, SubmissionStatus status) {

	/** The filters as recorded in the audit trail (they hold no personal data). */
	Map<String, Object> auditDetail() {
		Map<String, Object> detail = new LinkedHashMap<>();
		if (this.from != null) {
			detail.put("from", this.from.toString());
		}
		if (this.to != null) {
			detail.put("to", this.to.toString());
		}
		if (this.status != null) {
			detail.put("status", this.status.name());
		}
		return detail;
	}

}
