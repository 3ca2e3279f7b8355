package jp.tenohira.portal.jpki;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Rebuilds the canonical document a resident signed from what is stored for the
 * submission, so a re-verification also proves the stored answers are the signed ones.
 * Implemented by the submission feature; without an implementation a re-verification
 * checks the signature against the stored document digest only.
 */
public interface SignedDocuments {

	/**
	 * The exact bytes whose SHA-256 the resident signed.
	 * @param submissionId the submission
	 * @return the document, empty when the submission has none
	 */
	Mono<byte[]> document(UUID submissionId);

}
