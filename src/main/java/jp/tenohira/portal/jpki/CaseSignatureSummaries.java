package jp.tenohira.portal.jpki;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import jp.tenohira.portal.casework.CaseSignatures;

/**
 * The case screen's signature line, from the stored signature (no check is run and
 * nothing is audited here: the case screen has recorded its own view).
 */
@Component
class CaseSignatureSummaries implements CaseSignatures {

	private final SubmissionSignatures signatures;

	CaseSignatureSummaries(SubmissionSignatures signatures) {
		this.signatures = signatures;
	}

	@Override
	public Mono<Summary> summary(UUID submissionId) {
		return this.signatures.find(submissionId)
			.map((stored) -> new Summary(stored.atSubmission().outcome() == SignatureCheck.Outcome.VALID,
					stored.latest().outcome().name()));
	}

}
