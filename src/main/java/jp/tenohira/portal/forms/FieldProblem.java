package jp.tenohira.portal.forms;

import java.util.List;

/**
 * Why an answer was not accepted: the input it concerns, the field's label and a message
 * code with arguments, looked up in the resident's language when shown.
 */
public record FieldProblem(String inputName, FieldDefinition field, String code, List<Object> args) {

	static FieldProblem of(String inputName, FieldDefinition field, String code, Object... args) {
		return new FieldProblem(inputName, field, code, List.of(args));
	}

}
