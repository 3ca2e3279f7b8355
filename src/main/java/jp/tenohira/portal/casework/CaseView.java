package jp.tenohira.portal.casework;

import java.util.List;

/**
 * The case screen, fully resolved: every label, value and message is a plain string.
 *
 * @param id the submission id
 * @param receiptNumber 受付番号
 * @param procedureTitle 手続き名 (of the version the resident used)
 * @param sectionName 課
 * @param statusName 状態
 * @param statusCss the status's CSS class suffix
 * @param assigneeName 担当, or null
 * @param submittedAt 受付日時 (Asia/Tokyo)
 * @param revision 改訂
 * @param loggedIn whether the applicant was logged in when applying
 * @param answers the answers by page, changed fields marked
 * @param attachments the files the answers refer to
 * @param changes what changed from the previous revision (empty for the first)
 * @param previousRevision the revision compared with, or 0
 * @param correction the open correction request, or null
 * @param decisionReason the reason of a rejection, or null
 * @param history what happened, oldest first
 * @param notes staff notes, oldest first
 * @param actions which actions this member of staff may take now
 * @param correctionPages the fields a correction may name, by page
 * @param transferTargets sections a case may be sent to, by department
 * @param form what was entered in the action forms (kept when an action is refused)
 * @param error the message of a refused action, or null
 * @param errorFor the action that was refused, or null
 * @param done the message of a successful action, or null
 * @param revealPurposes the purposes a My Number reveal may state
 */
record CaseView(String id, String receiptNumber, String procedureTitle, String sectionName, String statusName,
		String statusCss, String assigneeName, String submittedAt, int revision, boolean loggedIn,
		List<AnswerSection> answers, List<AttachmentView> attachments, List<ChangeView> changes, int previousRevision,
		CorrectionView correction, String decisionReason, List<EventView> history, List<NoteView> notes,
		Actions actions, List<ChoicePage> correctionPages, List<SectionGroup> transferTargets, CaseForm form,
		String error, String errorFor, String done, List<Choice> revealPurposes) {

	/** The answers of one page. */
	record AnswerSection(String title, List<AnswerRow> rows) {
	}

	/**
	 * One answer; {@code downloadUrl} is set for an answered file field,
	 * {@code myNumberField} (the field id) for a stored My Number this member of staff
	 * may reveal (its lines are then the mask).
	 */
	record AnswerRow(String label, List<String> lines, boolean changed, String downloadUrl, String myNumberField) {
	}

	/**
	 * A revealed My Number, shown once.
	 *
	 * @param id the submission id
	 * @param receiptNumber 受付番号
	 * @param procedureTitle 手続き名
	 * @param fieldLabel the field's label
	 * @param number the twelve digits in groups of four
	 */
	record RevealedNumber(String id, String receiptNumber, String procedureTitle, String fieldLabel, String number) {
	}

	/** A file the resident attached. */
	record AttachmentView(String fieldLabel, String fileName, String size, String downloadUrl) {
	}

	/** A field that changed between the last two revisions. */
	record ChangeView(String label, List<String> before, List<String> after) {
	}

	/** The correction the resident has been asked for. */
	record CorrectionView(List<String> fieldLabels, List<String> message, String requestedBy, String requestedAt) {
	}

	/** One history line. */
	record EventView(String at, String actor, String action, String from, String to, List<String> details) {
	}

	/** One note. */
	record NoteView(String at, String author, List<String> lines) {
	}

	/** The actions on offer. */
	record Actions(boolean startReview, boolean requestCorrection, boolean approve, boolean reject, boolean complete,
			boolean transfer, boolean assignToMe, boolean unassign, boolean note) {

		public boolean any() {
			return this.startReview || this.requestCorrection || this.approve || this.reject || this.complete
					|| this.transfer || this.assignToMe || this.unassign;
		}

	}

	/** The fields of one page for the correction request's tick boxes. */
	record ChoicePage(String title, List<Choice> fields) {
	}

	/** One tick box or select option. */
	record Choice(String value, String label, boolean selected, String htmlId) {
	}

	/** The sections of one department for the transfer select. */
	record SectionGroup(String department, List<Choice> sections) {
	}

}
