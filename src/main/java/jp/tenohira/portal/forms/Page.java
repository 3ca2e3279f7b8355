package jp.tenohira.portal.forms;

import java.util.List;

import jp.tenohira.portal.shared.LocalizedText;

/**
 * One step of a form: one topic, shown when its condition holds.
 */
public record Page(String id, LocalizedText title, LocalizedText help, Condition when, List<FieldDefinition> fields) {

	public List<FieldDefinition> visibleFields(Answers answers) {
		return this.fields.stream().filter((f) -> f.when().test(answers)).toList();
	}

	public List<String> fieldIds() {
		return this.fields.stream().map(FieldDefinition::id).toList();
	}

	public boolean hasFileField() {
		return this.fields.stream().anyMatch((f) -> f instanceof FieldDefinition.FileField);
	}

}
