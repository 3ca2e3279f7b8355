package jp.tenohira.portal.export;

import java.util.ArrayList;
import java.util.List;

/**
 * A small strict RFC 4180 reader for tests: quoted and unquoted fields, doubled quotes,
 * line breaks inside quotes, CRLF record ends. It fails on anything malformed, so a
 * broken export cannot pass for a good one.
 */
public final class CsvReader {

	private CsvReader() {
	}

	/** Every record of the text, whose every field must be quoted. */
	public static List<List<String>> parse(String text) {
		return parse(text, true);
	}

	/** Every record of the text. */
	public static List<List<String>> parse(String text, boolean everyFieldQuoted) {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		int i = 0;
		int n = text.length();
		boolean fieldStarted = false;
		boolean quoted = false;
		while (i < n) {
			char c = text.charAt(i);
			if (!fieldStarted && c == '"') {
				i++;
				while (true) {
					if (i >= n) {
						throw new IllegalArgumentException("unterminated quoted field at record " + records.size());
					}
					char q = text.charAt(i);
					if (q == '"') {
						if (i + 1 < n && text.charAt(i + 1) == '"') {
							field.append('"');
							i += 2;
							continue;
						}
						i++;
						break;
					}
					field.append(q);
					i++;
				}
				fieldStarted = true;
				quoted = true;
				if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\r') {
					throw new IllegalArgumentException("text after a closing quote at record " + records.size());
				}
				continue;
			}
			if ((c == ',' || c == '\r') && everyFieldQuoted && !quoted) {
				throw new IllegalArgumentException("unquoted field at record " + records.size());
			}
			if (c == ',') {
				record.add(field.toString());
				field.setLength(0);
				fieldStarted = false;
				quoted = false;
				i++;
			}
			else if (c == '\r') {
				if (i + 1 >= n || text.charAt(i + 1) != '\n') {
					throw new IllegalArgumentException("bare CR outside quotes at record " + records.size());
				}
				record.add(field.toString());
				records.add(record);
				record = new ArrayList<>();
				field.setLength(0);
				fieldStarted = false;
				quoted = false;
				i += 2;
			}
			else if (c == '\n') {
				throw new IllegalArgumentException("bare LF outside quotes at record " + records.size());
			}
			else if (c == '"') {
				throw new IllegalArgumentException("quote inside an unquoted field at record " + records.size());
			}
			else {
				field.append(c);
				fieldStarted = true;
				i++;
			}
		}
		if (fieldStarted || !record.isEmpty()) {
			throw new IllegalArgumentException("the last record does not end with CRLF");
		}
		return records;
	}

}
