package jp.tenohira.portal.shared;

/**
 * A text written by DX staff in Japanese, English and optionally やさしい日本語 (which falls
 * back to Japanese).
 */
public record LocalizedText(String ja, String en, String easy) {

	public LocalizedText {
		if (ja == null || ja.isBlank()) {
			throw new IllegalArgumentException("Japanese text is required");
		}
	}

	public static LocalizedText of(String ja, String en) {
		return new LocalizedText(ja, en, null);
	}

	public String in(Lang lang) {
		return switch (lang) {
			case JA -> this.ja;
			case EN -> (this.en != null) ? this.en : this.ja;
			case EASY -> (this.easy != null) ? this.easy : this.ja;
		};
	}

}
