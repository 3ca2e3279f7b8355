package jp.tenohira.portal.mynumber;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The My Number format: normalisation of what residents type and the check digit of the
 * brief's formula.
 */
class MyNumbersTests {

	/** Numbers whose check digits were worked out by hand from the formula. */
	private static final List<String> VALID = List.of("123456789018", "000000000000", "987654321093", "314159265352",
			"271828182840", "111111111118", "555555555557", "424242424241");

	@Test
	void knownValidNumbersPass() {
		assertThat(VALID).allSatisfy((n) -> assertThat(MyNumbers.isValid(n)).as(n).isTrue());
	}

	@Test
	void everyWrongCheckDigitIsRefused() {
		for (String valid : VALID) {
			for (char digit = '0'; digit <= '9'; digit++) {
				String candidate = valid.substring(0, 11) + digit;
				assertThat(MyNumbers.isValid(candidate)).as(candidate).isEqualTo(candidate.equals(valid));
			}
		}
	}

	@Test
	void checkDigitMatchesTheFormulaForRandomNumbers() {
		Random random = new Random(20261204);
		for (int i = 0; i < 1000; i++) {
			StringBuilder first = new StringBuilder();
			for (int d = 0; d < 11; d++) {
				first.append(random.nextInt(10));
			}
			int sum = 0;
			for (int n = 1; n <= 11; n++) {
				sum += (first.charAt(11 - n) - '0') * ((n <= 6) ? n + 1 : n - 5);
			}
			int expected = (sum % 11 <= 1) ? 0 : 11 - sum % 11;
			assertThat(MyNumbers.checkDigit(first.toString())).isEqualTo(expected);
			assertThat(MyNumbers.isValid(first.toString() + expected)).isTrue();
		}
	}

	@Test
	void wrongLengthsAndOtherCharactersAreRefused() {
		assertThat(MyNumbers.isValid("12345678901")).isFalse();
		assertThat(MyNumbers.isValid("1234567890180")).isFalse();
		assertThat(MyNumbers.isValid("")).isFalse();
		assertThat(MyNumbers.isValid(null)).isFalse();
		assertThat(MyNumbers.isValid("12345678901a")).isFalse();
		assertThat(MyNumbers.isValid("１２３４５６７８９０１８")).as("full-width before normalising").isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> MyNumbers.checkDigit("1234"));
	}

	@Test
	void fullWidthDigitsSpacesAndHyphensAreNormalised() {
		assertThat(MyNumbers.normalize("１２３４５６７８９０１８")).isEqualTo("123456789018");
		assertThat(MyNumbers.normalize("１２３４　５６７８　９０１８")).isEqualTo("123456789018");
		assertThat(MyNumbers.normalize("1234-5678-9018")).isEqualTo("123456789018");
		assertThat(MyNumbers.normalize("１２３４－５６７８－９０１８")).isEqualTo("123456789018");
		assertThat(MyNumbers.normalize("1234ー5678ー9018")).isEqualTo("123456789018");
		assertThat(MyNumbers.normalize(" 1234 5678 9018 ")).isEqualTo("123456789018");
		assertThat(MyNumbers.isValid(MyNumbers.normalize("１２３４　５６７８　９０１８"))).isTrue();
		assertThat(MyNumbers.isValid(MyNumbers.normalize("1234-5678-9019"))).isFalse();
		assertThat(MyNumbers.normalize(null)).isEmpty();
	}

	@Test
	void formattedInGroupsOfFour() {
		assertThat(MyNumbers.format("123456789018")).isEqualTo("1234 5678 9018");
		assertThatIllegalArgumentException().isThrownBy(() -> MyNumbers.format("123456789019"))
			.withMessageNotContaining("123456789019");
	}

	@Test
	void redactMasksValidNumbersInFreeTextOnly() {
		assertThat(MyNumbers.redact("番号は123456789018です")).isEqualTo("番号は" + MyNumbers.MASK + "です");
		assertThat(MyNumbers.redact("番号は１２３４ ５６７８ ９０１８です")).doesNotContain("１２３４").contains(MyNumbers.MASK);
		assertThat(MyNumbers.redact("番号は1234-5678-9018です")).doesNotContain("9018");
		assertThat(MyNumbers.redact("受付番号 2026-0000123、電話 0249242491")).isEqualTo("受付番号 2026-0000123、電話 0249242491");
		assertThat(MyNumbers.redact("123456789019")).as("wrong check digit").isEqualTo("123456789019");
		assertThat(MyNumbers.redact("9123456789018")).as("part of a longer number").isEqualTo("9123456789018");
		assertThat(MyNumbers.containsOne("a 123456789018 b")).isTrue();
		assertThat(MyNumbers.containsOne("審査のため")).isFalse();
		assertThat(MyNumbers.redact(null)).isNull();
	}

}
