package jp.tenohira.portal.shared;

import java.text.Normalizer;

/**
 * Folds Japanese text the way residents type it: full-width and half-width forms,
 * hiragana and katakana, long vowel marks and spaces, so that {@code じどうてあて} and
 * {@code ｼﾞﾄﾞｳﾃｱﾃ} both find 児童手当 (via its reading).
 */
public final class JapaneseText {

	private JapaneseText() {
	}

	/**
	 * NFKC (full/half width, half-width kana to full-width) and trims; keeps everything
	 * else.
	 */
	public static String nfkc(String text) {
		return (text != null) ? Normalizer.normalize(text, Normalizer.Form.NFKC).strip() : "";
	}

	/**
	 * A search key: NFKC, lower case, katakana folded to hiragana, long vowel marks,
	 * middle dots, hyphens and all white space removed.
	 */
	public static String searchKey(String text) {
		String normalized = nfkc(text).toLowerCase(java.util.Locale.ROOT);
		StringBuilder key = new StringBuilder(normalized.length());
		for (int i = 0; i < normalized.length(); i++) {
			char c = normalized.charAt(i);
			if (Character.isWhitespace(c) || c == 'ー' || c == '-' || c == '・' || c == '‐' || c == '－' || c == '〜'
					|| c == '～') {
				continue;
			}
			key.append(katakanaToHiragana(c));
		}
		return key.toString();
	}

	/** Hiragana folded to katakana, for フリガナ fields; other characters unchanged. */
	/**
	 * A name in kana as staff search it: full-width katakana with no spaces or dots, so
	 * that 「やまだ たろう」 and 「ﾔﾏﾀﾞﾀﾛｳ」 find 「ヤマダ タロウ」.
	 */
	public static String kanaKey(String text) {
		if (text == null) {
			return "";
		}
		return toKatakana(nfkc(text)).replaceAll("[\\s・]", "");
	}

	public static String toKatakana(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			out.append((c >= 'ぁ' && c <= 'ゖ') ? (char) (c + 0x60) : c);
		}
		return out.toString();
	}

	/**
	 * True if every character is full-width katakana, a long vowel mark, a middle dot or
	 * a space.
	 */
	public static boolean isKatakana(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean ok = (c >= 'ァ' && c <= 'ヶ') || c == 'ー' || c == '・' || c == ' ' || c == '　' || c == 'ヴ';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	private static char katakanaToHiragana(char c) {
		return (c >= 'ァ' && c <= 'ヶ') ? (char) (c - 0x60) : c;
	}

}
