package jp.tenohira.portal.forms;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Start-up stopped because a definition is broken: list every problem with its file and
 * line.
 */
class DefinitionFailureAnalyzer extends AbstractFailureAnalyzer<DefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DefinitionException cause) {
		return new FailureAnalysis(
				"Procedure definitions under forms/ are broken:\n  " + String.join("\n  ", cause.problems()),
				"Fix the files named above (file:line: problem) and start again. Editors can check a file against "
						+ "forms/schema/procedure.schema.json while writing it.",
				cause);
	}

}
