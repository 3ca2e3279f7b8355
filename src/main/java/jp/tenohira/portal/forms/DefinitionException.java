package jp.tenohira.portal.forms;

import java.util.List;

/**
 * One or more definition files are broken. Each problem names the file, the line and what
 * is wrong, so that start-up stops with a message a DX officer can act on.
 */
public class DefinitionException extends RuntimeException {

	private final List<String> problems;

	public DefinitionException(List<String> problems) {
		super("Broken procedure definitions (" + problems.size() + "):\n  " + String.join("\n  ", problems));
		this.problems = List.copyOf(problems);
	}

	public List<String> problems() {
		return this.problems;
	}

}
