package jp.tenohira.portal.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a page of an inbox list ends: the last row's receipt time and id. Passed as an
 * opaque {@code after} parameter (Base64url of {@code <epoch microseconds>.<id>}), so the
 * next page continues with a keyset condition instead of an offset. It names no resident
 * and is only a position: the filters still decide what is shown.
 *
 * @param submittedAt the last row's receipt time (microsecond precision, as stored)
 * @param id the last row's id, which breaks ties between equal times
 */
record InboxCursor(Instant submittedAt, UUID id) {

	private static final int MAX_LENGTH = 80;

	InboxCursor {
		submittedAt = submittedAt.truncatedTo(ChronoUnit.MICROS);
	}

	String encode() {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, this.submittedAt);
		String plain = micros + "." + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
	}

	/** The cursor a parameter stands for; empty when it is missing or not one of ours. */
	static Optional<InboxCursor> decode(String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		try {
			String plain = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
			int dot = plain.indexOf('.');
			if (dot < 1) {
				return Optional.empty();
			}
			long micros = Long.parseLong(plain.substring(0, dot));
			UUID id = UUID.fromString(plain.substring(dot + 1));
			return Optional.of(new InboxCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id));
		}
		catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException ex) {
			return Optional.empty();
		}
	}

}
