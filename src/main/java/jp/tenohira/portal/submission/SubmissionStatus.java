package jp.tenohira.portal.submission;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a submission stands. Final states never move again.
 */
public enum SubmissionStatus {

	/** 受付: arrived in the section's inbox. */
	RECEIVED,
	/** 審査中. */
	IN_REVIEW,
	/** 補正依頼中: waiting for the resident to fix named fields. */
	CORRECTION_REQUESTED,
	/** 再提出: the resident fixed what was asked. */
	RESUBMITTED,
	/** 承認. */
	APPROVED,
	/** 却下 (with a reason). */
	REJECTED,
	/** 完了. */
	COMPLETED,
	/** 取下げ (by the resident). */
	WITHDRAWN;

	/** Statuses a section still has work on (the inbox's default view). */
	public static final Set<SubmissionStatus> OPEN = EnumSet.of(RECEIVED, IN_REVIEW, CORRECTION_REQUESTED, RESUBMITTED,
			APPROVED);

	public boolean isFinal() {
		return this == REJECTED || this == COMPLETED || this == WITHDRAWN;
	}

	/** The status in URLs, CSS classes and message keys: {@code correction-requested}. */
	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** The message key of the status's name. */
	public String messageKey() {
		return "status." + code();
	}

	/** The CSS class of the status badge. */
	public String cssClass() {
		return "status-" + code();
	}

}
