package jp.tenohira.portal.submission;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import jp.tenohira.portal.jpki.CardProblem;
import jp.tenohira.portal.jpki.RevocationReason;
import jp.tenohira.portal.jpki.SignatureCheck;
import jp.tenohira.portal.jpki.SignatureCheck.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the resident is told for each outcome of the signature check: the check fails
 * closed, and a certificate revoked because the holder moved is explained as such.
 */
class SigningServiceTests {

	@Test
	void onlyAValidSignatureSubmits() {
		assertThat(SigningService.problem(check(Outcome.VALID, null))).isEmpty();
	}

	@Test
	void eachRefusalHasItsExplanation() {
		assertThat(SigningService.problem(check(Outcome.REVOKED, RevocationReason.AFFILIATION_CHANGED)))
			.contains(CardProblem.REVOKED_MOVED);
		assertThat(SigningService.problem(check(Outcome.REVOKED, RevocationReason.KEY_COMPROMISE)))
			.contains(CardProblem.REVOKED);
		assertThat(SigningService.problem(check(Outcome.EXPIRED, null))).contains(CardProblem.EXPIRED);
		assertThat(SigningService.problem(check(Outcome.NOT_YET_VALID, null))).contains(CardProblem.EXPIRED);
		assertThat(SigningService.problem(check(Outcome.REVOCATION_UNAVAILABLE, null)))
			.as("no revocation answer: not submitted, explained as a service that cannot be reached")
			.contains(CardProblem.PROVIDER_DOWN);
		assertThat(SigningService.problem(check(Outcome.SIGNATURE_MISMATCH, null)))
			.contains(CardProblem.SIGNATURE_INVALID);
		assertThat(SigningService.problem(check(Outcome.UNTRUSTED, null))).contains(CardProblem.SIGNATURE_INVALID);
	}

	@Test
	void providerErrorsMapToAFixedSetAndNothingElseTravels() {
		assertThat(CardProblem.fromProviderError("pin_locked")).isEqualTo(CardProblem.PIN_LOCKED);
		assertThat(CardProblem.fromProviderError("signature_certificate_unavailable"))
			.isEqualTo(CardProblem.NO_SIGNATURE_CERTIFICATE);
		assertThat(CardProblem.fromProviderError("<script>")).isEqualTo(CardProblem.OTHER);
		assertThat(CardProblem.fromProviderError(null)).isEqualTo(CardProblem.OTHER);
		assertThat(CardProblem.fromCode("revoked-moved")).contains(CardProblem.REVOKED_MOVED);
		assertThat(CardProblem.fromCode("../../etc")).isEqualTo(Optional.empty());
	}

	private static SignatureCheck check(Outcome outcome, RevocationReason reason) {
		return new SignatureCheck(outcome, reason, new byte[0], null, null, null, Instant.now());
	}

}
