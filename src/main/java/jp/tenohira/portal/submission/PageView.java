package jp.tenohira.portal.submission;

import java.util.List;
import java.util.Map;

/**
 * One page of a form, fully resolved for the template: every label, value and message is
 * a plain string.
 */
record PageView(String draftId, String procedureId, String procedureTitle, String pageId, String title, String help,
		int step, int steps, boolean multipart, boolean returnToCheck, List<FieldView> fields, List<ErrorView> errors,
		String action) {

	PageView withAction(String newAction) {
		return new PageView(this.draftId, this.procedureId, this.procedureTitle, this.pageId, this.title, this.help,
				this.step, this.steps, this.multipart, this.returnToCheck, this.fields, this.errors, newAction);
	}

	/**
	 * A field as the template shows it; {@code fragment} names the Thymeleaf fragment for
	 * its type. {@code fromCard}: filled from the My Number card, shown read-only;
	 * {@code stored}: a My Number is stored (its value is never in the view).
	 */
	record FieldView(String fragment, String name, String htmlId, String label, String help, boolean required,
			String value, List<String> values, Map<String, String> parts, List<OptionView> options, String style,
			List<String> errors, List<String> invalidParts, String unit, String hint, List<ItemView> items,
			boolean canAddItem, String addLabel, String fileName, String fileSize, String accept, boolean postalLookup,
			boolean fromCard, boolean stored) {

		/**
		 * The ids of the help, hint and error texts that exist for this field, or null
		 * when none do.
		 */
		public String describedBy() {
			StringBuilder ids = new StringBuilder();
			if (this.help != null) {
				ids.append(this.htmlId).append("-help ");
			}
			if (this.hint != null) {
				ids.append(this.htmlId).append("-hint ");
			}
			if (!this.errors.isEmpty()) {
				ids.append(this.htmlId).append("-error");
			}
			return ids.isEmpty() ? null : ids.toString().strip();
		}

		/**
		 * Whether one part of a composite field (name, address, bank account) has a
		 * problem.
		 */
		public boolean invalid(String part) {
			return this.invalidParts.contains(part);
		}

	}

	/** A choice option. */
	record OptionView(String value, String label, boolean selected, String htmlId) {
	}

	/** An item of a repeatable group. */
	record ItemView(int index, String label, List<FieldView> fields, boolean removable) {
	}

	/** A line of the error summary, linking to the input it concerns. */
	record ErrorView(String htmlId, String text) {
	}

}
