package jp.tenohira.portal.forms;

/**
 * The field types a definition may use. Templates pick one fragment per type from this
 * enum, never from strings in a definition file.
 */
public enum FieldType {

	TEXT("text"), TEXTAREA("textarea"), NUMBER("number"), YEN("yen"), DATE("date"), CHOICE("choice"), NAME("name"),
	ADDRESS("address"), PHONE("phone"), EMAIL("email"), BANK_ACCOUNT("bank-account"), GROUP("group"), FILE("file"),
	CONSENT("consent"),
	/**
	 * 個人番号 (My Number): only in procedures with a legal basis that require a card
	 * signature; stored encrypted to the staff side, never shown back to the resident.
	 */
	MY_NUMBER("my-number");

	private final String code;

	FieldType(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	/** The Thymeleaf fragment that renders this type. */
	public String fragment() {
		return this.code.replace("-", "") + "Field";
	}

	static FieldType fromCode(String code) {
		for (FieldType type : values()) {
			if (type.code.equals(code)) {
				return type;
			}
		}
		throw new IllegalArgumentException(code);
	}

}
