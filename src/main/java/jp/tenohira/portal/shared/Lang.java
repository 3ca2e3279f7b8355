package jp.tenohira.portal.shared;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages the portal ships: Japanese (default), English and やさしい日本語 (plain
 * Japanese).
 */
public enum Lang {

	JA("ja", Locale.JAPANESE), EN("en", Locale.ENGLISH), EASY("ja-easy", new Locale("ja", "", "EASY"));

	private final String code;

	private final Locale locale;

	Lang(String code, Locale locale) {
		this.code = code;
		this.locale = locale;
	}

	public String code() {
		return this.code;
	}

	public Locale locale() {
		return this.locale;
	}

	/** The value for the HTML {@code lang} attribute. */
	public String htmlLang() {
		return (this == EN) ? "en" : "ja";
	}

	public static Optional<Lang> fromCode(String code) {
		for (Lang lang : values()) {
			if (lang.code.equalsIgnoreCase(code)) {
				return Optional.of(lang);
			}
		}
		return Optional.empty();
	}

	public static Lang fromLocale(Locale locale) {
		if (locale == null) {
			return JA;
		}
		if ("EASY".equalsIgnoreCase(locale.getVariant())) {
			return EASY;
		}
		return "en".equals(locale.getLanguage()) ? EN : JA;
	}

}
