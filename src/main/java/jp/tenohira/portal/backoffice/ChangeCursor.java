package jp.tenohira.portal.backoffice;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in a section's change feed: the writing transaction (PostgreSQL
 * {@code xid8}) and the change sequence number of the last submission a client has seen.
 * Opaque to clients: base64url of {@code xid:seq}.
 *
 * @param xid the 64-bit transaction id, as unsigned decimal text
 * @param seq the change sequence number
 */
record ChangeCursor(String xid, long seq) {

	/** Before every change. */
	static final ChangeCursor START = new ChangeCursor("0", 0);

	private static final Pattern FORM = Pattern.compile("(0|[1-9][0-9]{0,19}):(0|[1-9][0-9]{0,18})");

	/**
	 * The cursor a client sent: empty when it is not one this API issued (the caller
	 * answers 400); {@link #START} when none was sent.
	 */
	static Optional<ChangeCursor> parse(String token) {
		if (token == null || token.isEmpty()) {
			return Optional.of(START);
		}
		if (token.length() > 64) {
			return Optional.empty();
		}
		String text;
		try {
			text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		Matcher matcher = FORM.matcher(text);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		try {
			Long.parseUnsignedLong(matcher.group(1));
			return Optional.of(new ChangeCursor(matcher.group(1), Long.parseLong(matcher.group(2))));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/** The token to hand to clients. */
	String token() {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((this.xid + ":" + this.seq).getBytes(StandardCharsets.US_ASCII));
	}

}
