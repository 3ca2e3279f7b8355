package jp.tenohira.portal.mynumber;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up refused because of the My Number keys or the node role.
 */
class MyNumberKeyFailureAnalyzer extends AbstractFailureAnalyzer<MyNumberKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MyNumberKeyException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set portal.node-role and portal.my-number.public-key / private-key as described in the README "
						+ "(Configuration) and docs/adr/0010-my-number-encrypted-to-the-staff-side.md.",
				cause);
	}

}
