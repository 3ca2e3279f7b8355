package jp.tenohira.portal.backoffice;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feed cursors round-trip and anything this API did not issue is refused.
 */
class ChangeCursorTests {

	@Test
	void aCursorRoundTrips() {
		ChangeCursor cursor = new ChangeCursor("18446744073709551615", 9_223_372_036_854_775_807L);
		assertThat(ChangeCursor.parse(cursor.token())).contains(cursor);
		assertThat(cursor.token()).matches("[A-Za-z0-9_-]+");
		assertThat(ChangeCursor.parse(new ChangeCursor("1234", 56).token())).contains(new ChangeCursor("1234", 56));
	}

	@Test
	void noCursorStartsAtTheBeginning() {
		assertThat(ChangeCursor.parse(null)).contains(ChangeCursor.START);
		assertThat(ChangeCursor.parse("")).contains(ChangeCursor.START);
	}

	@Test
	void anythingElseIsRefused() {
		for (String text : List.of("1", "1:", ":1", "a:1", "1:a", "-1:1", "1:-1", "01:1", "1:01", "1:2:3", "1 :2",
				"18446744073709551616:1", "1:9223372036854775808", "99999999999999999999:1")) {
			String token = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(text.getBytes(StandardCharsets.UTF_8));
			assertThat(ChangeCursor.parse(token)).as(text).isEmpty();
		}
		assertThat(ChangeCursor.parse("***")).isEmpty();
		assertThat(ChangeCursor.parse("A".repeat(65))).isEmpty();
		assertThat(ChangeCursor.parse("MTox+/")).isEmpty();
	}

}
