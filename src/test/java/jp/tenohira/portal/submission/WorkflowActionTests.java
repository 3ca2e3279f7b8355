package jp.tenohira.portal.submission;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.tenohira.portal.identity.StaffRole;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow's state machine, cell by cell against the table the city agreed.
 */
class WorkflowActionTests {

	/** Action → (from → to) for every allowed transition; everything else is refused. */
	private static final Map<WorkflowAction, Map<SubmissionStatus, SubmissionStatus>> ALLOWED = Map.of(
			WorkflowAction.START_REVIEW,
			Map.of(SubmissionStatus.RECEIVED, SubmissionStatus.IN_REVIEW, SubmissionStatus.RESUBMITTED,
					SubmissionStatus.IN_REVIEW),
			WorkflowAction.REQUEST_CORRECTION,
			Map.of(SubmissionStatus.RECEIVED, SubmissionStatus.CORRECTION_REQUESTED, SubmissionStatus.IN_REVIEW,
					SubmissionStatus.CORRECTION_REQUESTED, SubmissionStatus.RESUBMITTED,
					SubmissionStatus.CORRECTION_REQUESTED),
			WorkflowAction.RESUBMIT, Map.of(SubmissionStatus.CORRECTION_REQUESTED, SubmissionStatus.RESUBMITTED),
			WorkflowAction.APPROVE,
			Map.of(SubmissionStatus.IN_REVIEW, SubmissionStatus.APPROVED, SubmissionStatus.RESUBMITTED,
					SubmissionStatus.APPROVED),
			WorkflowAction.REJECT, Map.of(SubmissionStatus.RECEIVED, SubmissionStatus.REJECTED,
					SubmissionStatus.IN_REVIEW, SubmissionStatus.REJECTED, SubmissionStatus.CORRECTION_REQUESTED,
					SubmissionStatus.REJECTED, SubmissionStatus.RESUBMITTED, SubmissionStatus.REJECTED),
			WorkflowAction.COMPLETE, Map.of(SubmissionStatus.APPROVED, SubmissionStatus.COMPLETED),
			WorkflowAction.WITHDRAW, Map.of(SubmissionStatus.RECEIVED, SubmissionStatus.WITHDRAWN,
					SubmissionStatus.IN_REVIEW, SubmissionStatus.WITHDRAWN, SubmissionStatus.CORRECTION_REQUESTED,
					SubmissionStatus.WITHDRAWN, SubmissionStatus.RESUBMITTED, SubmissionStatus.WITHDRAWN),
			WorkflowAction.TRANSFER,
			Map.of(SubmissionStatus.RECEIVED, SubmissionStatus.RECEIVED, SubmissionStatus.IN_REVIEW,
					SubmissionStatus.RECEIVED, SubmissionStatus.RESUBMITTED, SubmissionStatus.RECEIVED),
			WorkflowAction.ASSIGN,
			Map.of(SubmissionStatus.RECEIVED, SubmissionStatus.RECEIVED, SubmissionStatus.IN_REVIEW,
					SubmissionStatus.IN_REVIEW, SubmissionStatus.CORRECTION_REQUESTED,
					SubmissionStatus.CORRECTION_REQUESTED, SubmissionStatus.RESUBMITTED, SubmissionStatus.RESUBMITTED,
					SubmissionStatus.APPROVED, SubmissionStatus.APPROVED));

	@Test
	void everyActionInEveryStatusMatchesTheTable() {
		int cells = 0;
		for (WorkflowAction action : WorkflowAction.values()) {
			for (SubmissionStatus status : SubmissionStatus.values()) {
				SubmissionStatus expected = ALLOWED.get(action).get(status);
				assertThat(action.next(status).orElse(null)).as(action + " in " + status).isEqualTo(expected);
				assertThat(action.allowedIn(status)).isEqualTo(expected != null);
				cells++;
			}
		}
		assertThat(cells).isEqualTo(WorkflowAction.values().length * SubmissionStatus.values().length);
	}

	@Test
	void finalStatusesNeverMove() {
		for (SubmissionStatus status : EnumSet.of(SubmissionStatus.REJECTED, SubmissionStatus.COMPLETED,
				SubmissionStatus.WITHDRAWN)) {
			assertThat(status.isFinal()).isTrue();
			for (WorkflowAction action : WorkflowAction.values()) {
				assertThat(action.next(status)).as(action + " in " + status).isEmpty();
			}
		}
	}

	@Test
	void decisionsNeedAnApproverAndResidentsActForThemselves() {
		assertThat(WorkflowAction.APPROVE.role()).isEqualTo(StaffRole.APPROVER);
		assertThat(WorkflowAction.REJECT.role()).isEqualTo(StaffRole.APPROVER);
		for (WorkflowAction action : List.of(WorkflowAction.START_REVIEW, WorkflowAction.REQUEST_CORRECTION,
				WorkflowAction.COMPLETE, WorkflowAction.TRANSFER, WorkflowAction.ASSIGN)) {
			assertThat(action.role()).as(action.name()).isEqualTo(StaffRole.CLERK);
		}
		assertThat(WorkflowAction.RESUBMIT.byResident()).isTrue();
		assertThat(WorkflowAction.WITHDRAW.byResident()).isTrue();
	}

	@Test
	void statusUpdatesByStatusMapToTheirStaffAction() {
		assertThat(WorkflowAction.leadingTo(SubmissionStatus.IN_REVIEW)).contains(WorkflowAction.START_REVIEW);
		assertThat(WorkflowAction.leadingTo(SubmissionStatus.APPROVED)).contains(WorkflowAction.APPROVE);
		assertThat(WorkflowAction.leadingTo(SubmissionStatus.REJECTED)).contains(WorkflowAction.REJECT);
		assertThat(WorkflowAction.leadingTo(SubmissionStatus.COMPLETED)).contains(WorkflowAction.COMPLETE);
		assertThat(WorkflowAction.leadingTo(SubmissionStatus.WITHDRAWN)).isEmpty();
		assertThat(WorkflowAction.leadingTo(SubmissionStatus.RECEIVED)).isEmpty();
	}

}
