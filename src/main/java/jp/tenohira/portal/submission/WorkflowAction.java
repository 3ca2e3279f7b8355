package jp.tenohira.portal.submission;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jp.tenohira.portal.identity.StaffRole;

import static jp.tenohira.portal.submission.SubmissionStatus.APPROVED;
import static jp.tenohira.portal.submission.SubmissionStatus.COMPLETED;
import static jp.tenohira.portal.submission.SubmissionStatus.CORRECTION_REQUESTED;
import static jp.tenohira.portal.submission.SubmissionStatus.IN_REVIEW;
import static jp.tenohira.portal.submission.SubmissionStatus.RECEIVED;
import static jp.tenohira.portal.submission.SubmissionStatus.REJECTED;
import static jp.tenohira.portal.submission.SubmissionStatus.RESUBMITTED;
import static jp.tenohira.portal.submission.SubmissionStatus.WITHDRAWN;

/**
 * Everything that can happen to a submission, with the statuses it may happen in, the
 * status it leads to ({@code null}: unchanged), and who may do it. Pure: the state
 * machine is tested without a database.
 */
public enum WorkflowAction {

	/** A clerk starts checking. */
	START_REVIEW(EnumSet.of(RECEIVED, RESUBMITTED), IN_REVIEW, StaffRole.CLERK),
	/** A clerk asks the resident to fix named fields. */
	REQUEST_CORRECTION(EnumSet.of(RECEIVED, IN_REVIEW, RESUBMITTED), CORRECTION_REQUESTED, StaffRole.CLERK),
	/** The resident sends the fixed fields. */
	RESUBMIT(EnumSet.of(CORRECTION_REQUESTED), RESUBMITTED, null),
	/** An approver approves. */
	APPROVE(EnumSet.of(IN_REVIEW, RESUBMITTED), APPROVED, StaffRole.APPROVER),
	/** An approver rejects, with a reason the resident is told. */
	REJECT(EnumSet.of(RECEIVED, IN_REVIEW, CORRECTION_REQUESTED, RESUBMITTED), REJECTED, StaffRole.APPROVER),
	/** A clerk completes an approved case (certificate issued, payment made). */
	COMPLETE(EnumSet.of(APPROVED), COMPLETED, StaffRole.CLERK),
	/** The resident withdraws. */
	WITHDRAW(EnumSet.of(RECEIVED, IN_REVIEW, CORRECTION_REQUESTED, RESUBMITTED), WITHDRAWN, null),
	/** A clerk sends a misrouted submission to another section; it arrives there anew. */
	TRANSFER(EnumSet.of(RECEIVED, IN_REVIEW, RESUBMITTED), RECEIVED, StaffRole.CLERK),
	/** A clerk assigns the case to someone in the section (or to nobody). */
	ASSIGN(EnumSet.complementOf(EnumSet.of(REJECTED, COMPLETED, WITHDRAWN)), null, StaffRole.CLERK);

	private final Set<SubmissionStatus> from;

	private final SubmissionStatus to;

	private final StaffRole role;

	WorkflowAction(Set<SubmissionStatus> from, SubmissionStatus to, StaffRole role) {
		this.from = from;
		this.to = to;
		this.role = role;
	}

	/**
	 * The status after this action, or empty when it is not allowed in {@code current}.
	 */
	public Optional<SubmissionStatus> next(SubmissionStatus current) {
		if (!this.from.contains(current)) {
			return Optional.empty();
		}
		return Optional.of((this.to != null) ? this.to : current);
	}

	public boolean allowedIn(SubmissionStatus current) {
		return this.from.contains(current);
	}

	/** The staff role this needs, or {@code null} for a resident's own action. */
	public StaffRole role() {
		return this.role;
	}

	public boolean byResident() {
		return this.role == null;
	}

	/**
	 * The staff action that leads from anywhere to {@code target}, for status updates by
	 * status.
	 */
	public static Optional<WorkflowAction> leadingTo(SubmissionStatus target) {
		return switch (target) {
			case IN_REVIEW -> Optional.of(START_REVIEW);
			case APPROVED -> Optional.of(APPROVE);
			case REJECTED -> Optional.of(REJECT);
			case COMPLETED -> Optional.of(COMPLETE);
			default -> Optional.empty();
		};
	}

	public String messageKey() {
		return "action." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
