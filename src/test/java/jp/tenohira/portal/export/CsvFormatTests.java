package jp.tenohira.portal.export;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 4180 quoting, formula neutralising (S9) and the two download encodings.
 */
class CsvFormatTests {

	private static final Charset WINDOWS_31J = Charset.forName("windows-31j");

	@Test
	void everyCellIsQuotedAndRecordsEndWithCrLf() {
		assertThat(CsvFormat.row(List.of("a", "", "受付"))).isEqualTo("\"a\",\"\",\"受付\"\r\n");
		assertThat(CsvFormat.row(List.of())).isEqualTo("\r\n");
		assertThat(CsvFormat.cell(null)).isEqualTo("\"\"");
	}

	@Test
	void quotesAreDoubledAndCommasAndLineBreaksStayInsideTheCell() {
		assertThat(CsvFormat.cell("a\"b")).isEqualTo("\"a\"\"b\"");
		assertThat(CsvFormat.cell("a,b")).isEqualTo("\"a,b\"");
		assertThat(CsvFormat.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
		assertThat(CsvFormat.cell("line\r\nbreak")).isEqualTo("\"line\r\nbreak\"");
	}

	@Test
	void cellsThatStartLikeAFormulaGetAnApostrophe() {
		List<String> dangerous = List.of("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1+1", "＋1",
				"－1", "＠SUM(A1)", "=HYPERLINK(\"http://example.invalid\",\"x\")");
		for (String value : dangerous) {
			String cell = CsvFormat.cell(value);
			assertThat(cell).as(value).startsWith("\"'");
			List<List<String>> parsed = CsvReader.parse(cell + "\r\n");
			assertThat(parsed.get(0).get(0)).as(value).isEqualTo("'" + value);
		}
	}

	@Test
	void harmlessTextIsLeftAsItIs() {
		for (String value : List.of("1+1", "a=b", "メール@例", " =1", "'quoted", "2026-11-23", "０９０-1234-5678")) {
			assertThat(CsvReader.parse(CsvFormat.cell(value) + "\r\n").get(0).get(0)).as(value).isEqualTo(value);
		}
	}

	@Test
	void aRowParsesBackToItsCells() {
		List<String> cells = List.of("=1+1", "a\"b", "a,b", "line\nbreak", "\rx", "", "普通");
		List<List<String>> parsed = CsvReader.parse(CsvFormat.row(cells) + CsvFormat.row(cells));
		assertThat(parsed).hasSize(2);
		assertThat(parsed.get(1)).containsExactly("'=1+1", "a\"b", "a,b", "line\nbreak", "'\rx", "", "普通");
	}

	@Test
	void theTestReaderRefusesMalformedCsv() {
		for (String bad : List.of("\"a\"\"\r\n", "\"a\"b\r\n", "a\r\n", "\"a\"\n", "\"a\"", "\"a\",b\r\n")) {
			org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
				.as(bad)
				.isThrownBy(() -> CsvReader.parse(bad));
		}
		assertThat(CsvReader.parse("a,\"b\"\r\n", false)).containsExactly(List.of("a", "b"));
	}

	@Test
	void utf8StartsWithAByteOrderMark() {
		assertThat(CsvEncoding.UTF_8.preamble()).containsExactly(0xEF, 0xBB, 0xBF);
		assertThat(CsvEncoding.SHIFT_JIS.preamble()).isEmpty();
		assertThat(new String(CsvEncoding.UTF_8.encoder().encode("𠮷野家"), StandardCharsets.UTF_8)).isEqualTo("𠮷野家");
	}

	@Test
	void shiftJisIsWindows31jWithItsExtensions() {
		CsvEncoding.Encoder encoder = CsvEncoding.SHIFT_JIS.encoder();
		String text = "① ㈱ 髙橋 﨑 ｱｲｳ 郡山市";
		assertThat(new String(encoder.encode(text), WINDOWS_31J)).isEqualTo(text);
		assertThat(CsvEncoding.SHIFT_JIS.headerName()).isEqualTo("Shift_JIS");
	}

	@Test
	void whatWindows31jCannotHoldBecomesGeta() {
		CsvEncoding.Encoder encoder = CsvEncoding.SHIFT_JIS.encoder();
		assertThat(new String(encoder.encode("𠮷野家"), WINDOWS_31J)).isEqualTo("〓野家");
		assertThat(new String(encoder.encode("😀 x"), WINDOWS_31J)).isEqualTo("〓 x");
		assertThat(new String(encoder.encode("\uD800x"), WINDOWS_31J)).isEqualTo("〓x");
		assertThat(encoder.encode("한")).containsExactly(0x81, 0xAC);
	}

	@Test
	void lookAlikesTypedOnOtherSystemsKeepTheirShapeInShiftJis() {
		CsvEncoding.Encoder encoder = CsvEncoding.SHIFT_JIS.encoder();
		assertThat(new String(encoder.encode("9時〜17時 −5 ‖ —"), WINDOWS_31J)).isEqualTo("9時～17時 －5 ∥ ―");
	}

	@Test
	void encodingsAreNamedAsRequestsSpellThem() {
		assertThat(CsvEncoding.parse(null)).contains(CsvEncoding.UTF_8);
		assertThat(CsvEncoding.parse("UTF-8")).contains(CsvEncoding.UTF_8);
		assertThat(CsvEncoding.parse("shift_jis")).contains(CsvEncoding.SHIFT_JIS);
		assertThat(CsvEncoding.parse("Shift-JIS")).contains(CsvEncoding.SHIFT_JIS);
		assertThat(CsvEncoding.parse("latin1")).isEmpty();
	}

}
