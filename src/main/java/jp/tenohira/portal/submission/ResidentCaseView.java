package jp.tenohira.portal.submission;

import java.util.List;

import jp.tenohira.portal.shared.Lang;

/**
 * A submission on マイページ: where it stands, what the city asked or decided, and what was
 * sent.
 *
 * @param procedureTitle the procedure's title
 * @param receiptNumber the 受付番号
 * @param statusKey message key of the status
 * @param statusClass CSS class of the status badge
 * @param submitted date submitted (和暦)
 * @param updated date of the last change (和暦)
 * @param revision how many times it was sent
 * @param decisionReason the rejection reason, if rejected
 * @param correctionMessage what staff asked, while a correction is open
 * @param correctionFields labels of the items to fix
 * @param offlineFields labels of requested items that cannot be fixed online (files)
 * @param correctionUrl the correction form, while a correction is open
 * @param canWithdraw whether 取下げ is possible now
 * @param answers what was sent, by page
 */
record ResidentCaseView(String procedureTitle, String receiptNumber, String statusKey, String statusClass,
		String submitted, String updated, int revision, String decisionReason, String correctionMessage,
		List<String> correctionFields, List<String> offlineFields, String correctionUrl, boolean canWithdraw,
		List<CheckView.Section> answers) {

	static ResidentCaseView of(ResidentCaseService.CaseDetail detail, CheckView answers, Lang lang) {
		ResidentCaseService.Case found = detail.submission();
		boolean correcting = detail.correction() != null;
		List<String> fields = correcting
				? detail.correctionPage().fields().stream().map((f) -> f.label().in(lang)).toList() : List.of();
		List<String> offline = correcting ? detail.offlineFields().stream().map((l) -> l.in(lang)).toList() : List.of();
		return new ResidentCaseView(detail.definition().title().in(lang), found.receiptNumber(),
				found.status().messageKey(), found.status().cssClass(), MyPageView.date(found.submittedAt()),
				MyPageView.date(found.updatedAt()), found.revision(),
				(found.status() == SubmissionStatus.REJECTED) ? found.decisionReason() : null,
				correcting ? detail.correction().message() : null, fields, offline, (correcting && !fields.isEmpty())
						? "/mypage/submissions/" + found.receiptNumber() + "/correction" : null,
				WorkflowAction.WITHDRAW.allowedIn(found.status()), answers.sections());
	}

}
