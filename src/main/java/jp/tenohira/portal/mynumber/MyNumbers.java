package jp.tenohira.portal.mynumber;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The My Number's format: twelve digits, the last a check digit over the first eleven
 * (番号法施行令 第8条). Pure; messages and exceptions never carry the number.
 */
public final class MyNumbers {

	/** How staff see a stored number until they reveal it. */
	public static final String MASK = "●●●● ●●●● ●●●●";

	/** Spaces and the hyphens and dashes people type between groups of digits. */
	private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-‐‑‒–—―−ー－]");

	private static final Pattern TWELVE_DIGITS = Pattern.compile("^[0-9]{12}$");

	/**
	 * Twelve digits, half- or full-width, each optionally followed by one separator, not
	 * part of a longer run of digits.
	 */
	private static final Pattern CANDIDATE = Pattern
		.compile("(?<![0-9０-９])(?:[0-9０-９][\\s\\-‐‑‒–—―−ー－]?){11}[0-9０-９](?![0-9０-９])");

	private MyNumbers() {
	}

	/**
	 * What was typed, made canonical: full-width digits folded (NFKC), spaces and hyphens
	 * removed. The result is not necessarily a valid number.
	 */
	public static String normalize(String typed) {
		if (typed == null) {
			return "";
		}
		String folded = Normalizer.normalize(typed, Normalizer.Form.NFKC);
		return SEPARATORS.matcher(folded).replaceAll("");
	}

	/** Whether these are twelve ASCII digits whose last is the right check digit. */
	public static boolean isValid(String digits) {
		if (digits == null || !TWELVE_DIGITS.matcher(digits).matches()) {
			return false;
		}
		return checkDigit(digits.substring(0, 11)) == digits.charAt(11) - '0';
	}

	/**
	 * The check digit for the first eleven digits: with Pn the n-th digit from the right
	 * and Qn = n + 1 for n ≤ 6, n − 5 for n ≥ 7, r = Σ Pn·Qn mod 11; 0 if r ≤ 1, else 11
	 * − r.
	 */
	public static int checkDigit(String first11) {
		if (first11 == null || first11.length() != 11 || !first11.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new IllegalArgumentException("eleven ASCII digits expected");
		}
		int sum = 0;
		for (int n = 1; n <= 11; n++) {
			int p = first11.charAt(11 - n) - '0';
			int q = (n <= 6) ? n + 1 : n - 5;
			sum += p * q;
		}
		int r = sum % 11;
		return (r <= 1) ? 0 : 11 - r;
	}

	/** Twelve digits in groups of four, as printed on the card. */
	public static String format(String digits) {
		if (!isValid(digits)) {
			throw new IllegalArgumentException("not a valid My Number");
		}
		return digits.substring(0, 4) + " " + digits.substring(4, 8) + " " + digits.substring(8);
	}

	/**
	 * The text with anything that is a valid My Number (half- or full-width, with or
	 * without separators) replaced by the mask: for free text that leaves the portal,
	 * such as e-mail bodies.
	 */
	public static String redact(String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		Matcher matcher = CANDIDATE.matcher(text);
		StringBuilder out = new StringBuilder(text.length());
		while (matcher.find()) {
			String replacement = isValid(normalize(matcher.group())) ? MASK : matcher.group();
			matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/** Whether the text contains anything that is a valid My Number. */
	public static boolean containsOne(String text) {
		return text != null && !redact(text).equals(text);
	}

}
