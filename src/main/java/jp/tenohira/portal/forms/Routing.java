package jp.tenohira.portal.forms;

import java.util.List;

/**
 * Which section's inbox receives a submission: the first rule whose condition matches the
 * answers, else the default.
 */
public record Routing(String defaultSection, List<Rule> rules) {

	/** Route to {@code section} when {@code when} holds. */
	public record Rule(Condition when, String section) {
	}

	public String route(Answers answers) {
		return this.rules.stream()
			.filter((r) -> r.when().test(answers))
			.map(Rule::section)
			.findFirst()
			.orElse(this.defaultSection);
	}

}
