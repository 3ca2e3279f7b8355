package jp.tenohira.portal.submission;

import java.time.LocalDateTime;
import java.util.List;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.Wareki;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.Lang;

/**
 * マイページ: drafts to resume and submissions with their receipt numbers.
 */
record MyPageView(List<DraftItem> drafts, List<SubmissionItem> submissions) {

	/** A draft to resume. */
	record DraftItem(String title, String updated, String resumeUrl) {
	}

	/** A submission. */
	record SubmissionItem(String title, String receiptNumber, String submitted, String receiptUrl, String statusKey,
			String statusClass, boolean actionNeeded) {
	}

	static MyPageView of(ApplicationService.MyApplications mine, List<ResidentCaseService.Case> cases,
			FormRegistry registry, Lang lang) {
		List<DraftItem> drafts = mine.drafts()
			.stream()
			.map((d) -> new DraftItem(title(registry, d.procedureId(), lang), date(d.updatedAt()),
					"/applications/" + d.id() + "/check"))
			.toList();
		List<SubmissionItem> submissions = cases.stream()
			.map((c) -> new SubmissionItem(title(registry, c.procedureId(), lang), c.receiptNumber(),
					date(c.submittedAt()), "/mypage/submissions/" + c.receiptNumber(), c.status().messageKey(),
					c.status().cssClass(), c.status() == SubmissionStatus.CORRECTION_REQUESTED))
			.toList();
		return new MyPageView(drafts, submissions);
	}

	private static String title(FormRegistry registry, String procedureId, Lang lang) {
		return registry.find(procedureId).map((d) -> d.title().in(lang)).orElse(procedureId);
	}

	/** A date as residents read it (和暦, in the city's time zone). */
	static String date(java.time.Instant instant) {
		return Wareki.format(LocalDateTime.ofInstant(instant, CityTime.ZONE).toLocalDate());
	}

}
