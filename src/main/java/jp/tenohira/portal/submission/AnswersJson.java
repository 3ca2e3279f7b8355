package jp.tenohira.portal.submission;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.r2dbc.postgresql.codec.Json;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import jp.tenohira.portal.forms.Answers;

/**
 * Answers to and from PostgreSQL JSONB.
 */
final class AnswersJson {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, List<String>>> TYPE = new TypeReference<>() {
	};

	private AnswersJson() {
	}

	static Json write(Answers answers) {
		return Json.of(MAPPER.writeValueAsString(answers.values()));
	}

	static Json write(Map<String, ?> payload) {
		return Json.of(MAPPER.writeValueAsString(payload));
	}

	static Map<String, Object> readMap(Json json) {
		return MAPPER.readValue(json.asString(), new TypeReference<LinkedHashMap<String, Object>>() {
		});
	}

	static Answers read(Json json) {
		return new Answers(MAPPER.readValue(json.asString(), TYPE));
	}

}
