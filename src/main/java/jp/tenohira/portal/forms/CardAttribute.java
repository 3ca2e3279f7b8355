package jp.tenohira.portal.forms;

/**
 * One of the 基本4情報 the My Number card provides through the デジタル認証アプリ's userinfo. A field
 * marked {@code fromCard} is filled by the server from the login, shown read-only and
 * never taken from what the browser posts.
 */
public enum CardAttribute {

	/** 氏名. */
	NAME("name", "name"),
	/** 住所. */
	ADDRESS("address", "address"),
	/** 生年月日 (YYYY-MM-DD). */
	BIRTHDATE("birthdate", "birthdate"),
	/** 性別. */
	GENDER("gender", "gender");

	private final String code;

	private final String claim;

	CardAttribute(String code, String claim) {
		this.code = code;
		this.claim = claim;
	}

	/** How definitions name it ({@code fromCard: birthdate}). */
	public String code() {
		return this.code;
	}

	/** The userinfo claim that carries it. */
	public String claim() {
		return this.claim;
	}

	static CardAttribute fromCode(String code) {
		for (CardAttribute attribute : values()) {
			if (attribute.code.equals(code)) {
				return attribute;
			}
		}
		throw new IllegalArgumentException(code);
	}

}
