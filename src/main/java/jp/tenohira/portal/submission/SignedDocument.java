package jp.tenohira.portal.submission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jp.tenohira.portal.forms.Answers;

/**
 * The exact bytes a resident signs with the My Number card: the procedure, the definition
 * version, every answer that counts and the SHA-256 of every attached file, as UTF-8 JSON
 * with keys in code-point order and no white space. The same answers and files always
 * give the same bytes, so staff can verify the signature again later from what was
 * stored.
 */
public record SignedDocument(byte[] bytes) {

	/** The document for a procedure version, its answers and its attachments' digests. */
	public static SignedDocument of(String procedureId, String version, Answers answers,
			Map<String, String> attachmentDigests) {
		StringBuilder json = new StringBuilder("{\"answers\":{");
		boolean first = true;
		for (Map.Entry<String, List<String>> entry : new TreeMap<>(answers.values()).entrySet()) {
			json.append(first ? "" : ",");
			string(json, entry.getKey()).append(":[");
			for (int i = 0; i < entry.getValue().size(); i++) {
				string(json.append((i > 0) ? "," : ""), entry.getValue().get(i));
			}
			json.append(']');
			first = false;
		}
		json.append("},\"attachments\":{");
		first = true;
		for (Map.Entry<String, String> entry : new TreeMap<>(attachmentDigests).entrySet()) {
			string(json.append(first ? "" : ","), entry.getKey()).append(':');
			string(json, entry.getValue());
			first = false;
		}
		json.append("},\"procedure\":");
		string(json, procedureId).append(",\"version\":");
		string(json, version).append('}');
		return new SignedDocument(json.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** The SHA-256 of the bytes: what the デジタル認証アプリ signs. */
	public byte[] sha256() {
		try {
			return MessageDigest.getInstance("SHA-256").digest(this.bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public boolean sameAs(byte[] sha256) {
		return MessageDigest.isEqual(sha256(), sha256);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SignedDocument document && Arrays.equals(this.bytes, document.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

	@Override
	public String toString() {
		return "SignedDocument[" + this.bytes.length + " bytes]";
	}

	private static StringBuilder string(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"');
	}

}
