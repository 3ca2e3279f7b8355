package jp.tenohira.portal.submission;

import java.time.Instant;
import java.util.UUID;

import jp.tenohira.portal.forms.Answers;

/**
 * A resident's application in progress, saved on the server at every step so that back,
 * refresh, a closed tab or a timed-out session lose nothing.
 */
public record Draft(UUID id, String procedureId, String definitionVersion, Answers answers, String ownerTokenHash,
		String ownerIssuer, String ownerSubject, Status status, Instant createdAt, Instant updatedAt) {

	/** A draft is open until submitted; a submitted draft is read-only. */
	public enum Status {

		OPEN, SUBMITTED

	}

	/** The same draft holding other answers. */
	public Draft withAnswers(Answers newAnswers) {
		return new Draft(this.id, this.procedureId, this.definitionVersion, newAnswers, this.ownerTokenHash,
				this.ownerIssuer, this.ownerSubject, this.status, this.createdAt, this.updatedAt);
	}

	public boolean isOpen() {
		return this.status == Status.OPEN;
	}

}
