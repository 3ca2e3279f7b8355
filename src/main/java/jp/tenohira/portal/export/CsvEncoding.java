package jp.tenohira.portal.export;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The encodings an export can be downloaded in: UTF-8 with a byte order mark (so that
 * Excel recognises it), and Shift_JIS for older tools, written as Windows-31J (MS932) so
 * that the NEC and IBM extensions residents type (①, ㈱, 髙) survive. A character
 * Windows-31J cannot hold becomes 〓 (geta), the Japanese convention for "a character was
 * here", never a silent question mark.
 */
enum CsvEncoding {

	UTF_8("utf-8", StandardCharsets.UTF_8, "UTF-8", "\uFFFD", true),

	SHIFT_JIS("shift_jis", Charset.forName("windows-31j"), "Shift_JIS", "〓", false);

	private final String parameter;

	private final Charset charset;

	private final String headerName;

	private final String replacement;

	private final boolean bom;

	CsvEncoding(String parameter, Charset charset, String headerName, String replacement, boolean bom) {
		this.parameter = parameter;
		this.charset = charset;
		this.headerName = headerName;
		this.replacement = replacement;
		this.bom = bom;
	}

	/**
	 * The encoding a request names: {@code utf-8} (the default) or {@code shift_jis},
	 * with their common spellings.
	 */
	static Optional<CsvEncoding> parse(String value) {
		if (value == null || value.isBlank()) {
			return Optional.of(UTF_8);
		}
		return switch (value.strip().toLowerCase(Locale.ROOT)) {
			case "utf-8", "utf8" -> Optional.of(UTF_8);
			case "shift_jis", "shift-jis", "sjis", "windows-31j", "cp932", "ms932" -> Optional.of(SHIFT_JIS);
			default -> Optional.empty();
		};
	}

	String parameter() {
		return this.parameter;
	}

	/** The charset name for the Content-Type header. */
	String headerName() {
		return this.headerName;
	}

	Charset charset() {
		return this.charset;
	}

	/** The bytes that start the file. */
	byte[] preamble() {
		return this.bom ? new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF } : new byte[0];
	}

	/** A new encoder (not thread-safe: one per export). */
	Encoder encoder() {
		return new Encoder(this);
	}

	/**
	 * Encodes text for one export, replacing what the charset cannot hold instead of
	 * failing or writing '?'.
	 */
	static final class Encoder {

		private final CsvEncoding encoding;

		private final CharsetEncoder encoder;

		Encoder(CsvEncoding encoding) {
			this.encoding = encoding;
			this.encoder = encoding.charset.newEncoder()
				.onMalformedInput(CodingErrorAction.REPLACE)
				.onUnmappableCharacter(CodingErrorAction.REPLACE)
				.replaceWith(encoding.replacement.getBytes(encoding.charset));
		}

		byte[] encode(String text) {
			String input = (this.encoding == SHIFT_JIS) ? toWindows31jForms(text) : text;
			try {
				ByteBuffer bytes = this.encoder.encode(CharBuffer.wrap(input));
				byte[] result = new byte[bytes.remaining()];
				bytes.get(result);
				return result;
			}
			catch (CharacterCodingException ex) {
				// cannot happen with REPLACE actions
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Characters typed on some systems that have a Windows-31J twin which looks the
		 * same (the JIS X 0208 versus Microsoft mapping differences): the wave dash of
		 * Mac and iPhone input, the minus sign, the em dash and the double vertical line.
		 */
		static String toWindows31jForms(String text) {
			boolean needed = false;
			for (int i = 0; i < text.length() && !needed; i++) {
				char c = text.charAt(i);
				needed = c == '\u301C' || c == '\u2212' || c == '\u2014' || c == '\u2016';
			}
			if (!needed) {
				return text;
			}
			return text.replace('\u301C', '\uFF5E')
				.replace('\u2212', '\uFF0D')
				.replace('\u2014', '\u2015')
				.replace('\u2016', '\u2225');
		}

	}

}
