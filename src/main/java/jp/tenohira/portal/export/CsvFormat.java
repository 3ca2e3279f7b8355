package jp.tenohira.portal.export;

import java.util.List;

/**
 * RFC 4180 CSV with spreadsheet formula injection neutralised (S9): every cell is quoted,
 * quotes are doubled, lines end in CRLF, and a cell that a spreadsheet would read as a
 * formula or control sequence gets a leading apostrophe first.
 */
final class CsvFormat {

	static final String LINE_END = "\r\n";

	private CsvFormat() {
	}

	/** One record: every cell quoted, separated by commas, ending in CRLF. */
	static String row(List<String> cells) {
		StringBuilder line = new StringBuilder(cells.size() * 16);
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				line.append(',');
			}
			appendCell(line, cells.get(i));
		}
		return line.append(LINE_END).toString();
	}

	/** One cell, neutralised and quoted. */
	static String cell(String value) {
		StringBuilder cell = new StringBuilder();
		appendCell(cell, value);
		return cell.toString();
	}

	private static void appendCell(StringBuilder out, String value) {
		String text = (value != null) ? value : "";
		out.append('"');
		if (startsLikeAFormula(text)) {
			out.append('\'');
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"') {
				out.append('"');
			}
			out.append(c);
		}
		out.append('"');
	}

	/**
	 * Whether a spreadsheet could take the cell as a formula: it starts with {@code =},
	 * {@code +}, {@code -}, {@code @}, a tab or a carriage return (OWASP), or with the
	 * full-width forms {@code ＝ ＋ － ＠} that Japanese input methods produce and some
	 * spreadsheet versions convert.
	 */
	static boolean startsLikeAFormula(String text) {
		if (text.isEmpty()) {
			return false;
		}
		switch (text.charAt(0)) {
			case '=':
			case '+':
			case '-':
			case '@':
			case '\t':
			case '\r':
			case '\uFF1D':
			case '\uFF0B':
			case '\uFF0D':
			case '\uFF20':
				return true;
			default:
				return false;
		}
	}

}
