package jp.tenohira.portal.submission;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.tenohira.portal.forms.Answers;

import static org.assertj.core.api.Assertions.assertThat;

class SignedDocumentTests {

	@Test
	void theBytesAreCanonicalJsonWhateverTheOrderOfAnswersAndFiles() {
		Map<String, List<String>> a = new LinkedHashMap<>();
		a.put("purpose", List.of("employment"));
		a.put("copies", List.of("2"));
		Map<String, List<String>> b = new LinkedHashMap<>();
		b.put("copies", List.of("2"));
		b.put("purpose", List.of("employment"));
		SignedDocument first = SignedDocument.of("juuminhyou-koufu", "v1", new Answers(a),
				Map.of("proxy-letter", "ab12", "id", "cd34"));
		SignedDocument second = SignedDocument.of("juuminhyou-koufu", "v1", new Answers(b),
				Map.of("id", "cd34", "proxy-letter", "ab12"));
		assertThat(first).isEqualTo(second);
		assertThat(new String(first.bytes(), StandardCharsets.UTF_8))
			.isEqualTo("{\"answers\":{\"copies\":[\"2\"],\"purpose\":[\"employment\"]},"
					+ "\"attachments\":{\"id\":\"cd34\",\"proxy-letter\":\"ab12\"},"
					+ "\"procedure\":\"juuminhyou-koufu\",\"version\":\"v1\"}");
	}

	@Test
	void anyChangeToAnAnswerAFileOrTheVersionChangesTheDigest() {
		SignedDocument base = SignedDocument.of("p", "v1", new Answers(Map.of("name", List.of("郡山 太郎"))),
				Map.of("id", "aa"));
		assertThat(base.sameAs(base.sha256())).isTrue();
		assertThat(SignedDocument.of("p", "v1", new Answers(Map.of("name", List.of("郡山 太朗"))), Map.of("id", "aa"))
			.sameAs(base.sha256())).isFalse();
		assertThat(SignedDocument.of("p", "v1", new Answers(Map.of("name", List.of("郡山 太郎"))), Map.of("id", "ab"))
			.sameAs(base.sha256())).isFalse();
		assertThat(SignedDocument.of("p", "v2", new Answers(Map.of("name", List.of("郡山 太郎"))), Map.of("id", "aa"))
			.sameAs(base.sha256())).isFalse();
	}

	@Test
	void quotesBackslashesAndControlCharactersCannotForgeStructure() {
		SignedDocument tricky = SignedDocument.of("p", "v1",
				new Answers(Map.of("note", List.of("a\"],\"x\":[\"b\\\n"))), Map.of());
		assertThat(new String(tricky.bytes(), StandardCharsets.UTF_8))
			.contains("\"a\\\"],\\\"x\\\":[\\\"b\\\\\\u000a\"");
		SignedDocument plain = SignedDocument.of("p", "v1",
				new Answers(Map.of("note", List.of("a"), "x", List.of("b\\\n"))), Map.of());
		assertThat(tricky).isNotEqualTo(plain);
	}

}
