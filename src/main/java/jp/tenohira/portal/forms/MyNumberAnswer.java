package jp.tenohira.portal.forms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a My Number field's stored answer may be: a compact JWE (the number encrypted to
 * the staff side's key), or the marker {@link #INVALID} saying that what was typed was
 * not a valid number (the typed text itself is never stored). Anything else, for example
 * digits that reached the draft without being encrypted, is refused by validation, so
 * such a draft can never be submitted.
 */
public final class MyNumberAnswer {

	/**
	 * What exports and the back-office API carry instead of a My Number (they are data,
	 * in the city's language, not pages in the reader's).
	 */
	public static final String WITHHELD = "個人番号は取扱者のみ表示できます";

	/** Stored instead of input that was not a valid My Number. */
	public static final String INVALID = "invalid";

	/**
	 * A compact JWE: protected header, encrypted key (empty for ECDH-ES direct
	 * agreement), IV, ciphertext and tag, each base64url.
	 */
	private static final Pattern COMPACT_JWE = Pattern
		.compile("^[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{10,}$");

	private MyNumberAnswer() {
	}

	/** Whether a stored value is an encrypted number (not whether it decrypts). */
	public static boolean isSealed(String value) {
		return value != null && COMPACT_JWE.matcher(value).matches();
	}

	/** The ids of the definition's My Number fields. */
	public static Set<String> fieldIds(ProcedureDefinition definition) {
		return definition.allFields()
			.stream()
			.filter((f) -> f.type() == FieldType.MY_NUMBER)
			.map(FieldDefinition::id)
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * The answers with every My Number field's value, and any other value that is an
	 * encrypted number, replaced by {@code replacement} (answered fields) or left out
	 * (unanswered ones): for readers who may not see My Numbers, not even as ciphertext.
	 */
	public static Map<String, List<String>> withhold(ProcedureDefinition definition, Map<String, List<String>> answers,
			String replacement) {
		Set<String> ids = (definition != null) ? fieldIds(definition) : Set.of();
		Map<String, List<String>> kept = new LinkedHashMap<>();
		answers.forEach((key, values) -> {
			boolean myNumber = ids.stream().anyMatch((id) -> Answers.belongsTo(key, id));
			boolean sealed = values.stream().anyMatch(MyNumberAnswer::isSealed);
			if (myNumber || sealed) {
				if (values.stream().anyMatch((v) -> v != null && !v.isBlank())) {
					kept.put(key, List.of(replacement));
				}
			}
			else {
				kept.put(key, values);
			}
		});
		return kept;
	}

}
