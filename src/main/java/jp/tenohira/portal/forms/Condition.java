package jp.tenohira.portal.forms;

import java.util.List;
import java.util.function.Consumer;

/**
 * When a page or field is shown: a test over earlier answers.
 */
public sealed interface Condition {

	/** Shown always. */
	Condition ALWAYS = new All(List.of());

	boolean test(Answers answers);

	/** Visits the field ids this condition reads. */
	void referencedFields(Consumer<String> visitor);

	/**
	 * The field's answer equals the value (for checkboxes: the value is among those
	 * ticked).
	 */
	record Equals(String field, String value) implements Condition {

		@Override
		public boolean test(Answers answers) {
			return answers.all(this.field).contains(this.value);
		}

		@Override
		public void referencedFields(Consumer<String> visitor) {
			visitor.accept(this.field);
		}

	}

	/** The field's answer is one of the values. */
	record In(String field, List<String> values) implements Condition {

		@Override
		public boolean test(Answers answers) {
			return answers.all(this.field).stream().anyMatch(this.values::contains);
		}

		@Override
		public void referencedFields(Consumer<String> visitor) {
			visitor.accept(this.field);
		}

	}

	/** The field has (or has not) been answered. */
	record Answered(String field, boolean answered) implements Condition {

		@Override
		public boolean test(Answers answers) {
			return answers.isAnsweredWithParts(this.field) == this.answered;
		}

		@Override
		public void referencedFields(Consumer<String> visitor) {
			visitor.accept(this.field);
		}

	}

	/** Every condition holds (and an empty list always holds). */
	record All(List<Condition> conditions) implements Condition {

		@Override
		public boolean test(Answers answers) {
			return this.conditions.stream().allMatch((c) -> c.test(answers));
		}

		@Override
		public void referencedFields(Consumer<String> visitor) {
			this.conditions.forEach((c) -> c.referencedFields(visitor));
		}

	}

	/** At least one condition holds. */
	record Any(List<Condition> conditions) implements Condition {

		@Override
		public boolean test(Answers answers) {
			return this.conditions.stream().anyMatch((c) -> c.test(answers));
		}

		@Override
		public void referencedFields(Consumer<String> visitor) {
			this.conditions.forEach((c) -> c.referencedFields(visitor));
		}

	}

}
