package jp.tenohira.portal.casework;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Whether a submission carries a My Number card signature and whether it was valid at
 * submission, for the case screen's summary line. Implemented by the signature feature
 * (which depends on casework, not the other way round).
 */
public interface CaseSignatures {

	/** The summary, or empty when the submission was not signed. */
	Mono<Summary> summary(UUID submissionId);

	/**
	 * @param validAtSubmission the signature, chain and revocation checked out at submit
	 * @param latestOutcome the outcome code of the latest check (at submission or a
	 * re-verification)
	 */
	record Summary(boolean validAtSubmission, String latestOutcome) {
	}

}
