package jp.tenohira.portal.submission;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.support.AnswerFactory;
import jp.tenohira.portal.support.ResidentClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks a form page by page as a resident would, with valid answers (and overrides), up
 * to the check page.
 */
public final class FormWalker {

	public static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes();

	private FormWalker() {
	}

	/**
	 * Returns the draft's base path, {@code /applications/{id}}, with the resident on the
	 * check page.
	 */
	public static String walkToCheck(ResidentClient resident, ProcedureDefinition definition,
			Map<String, Map<String, List<String>>> overrides) {
		String path = resident.apply(definition.id());
		LocalDate today = LocalDate.now(CityTime.ZONE);
		// conditions may look back at earlier pages: which file fields show depends on
		// everything answered so far
		Map<String, List<String>> sofar = new LinkedHashMap<>();
		for (int step = 0; step < 60; step++) {
			path = path.replaceAll("#.*$", "").replace("http://localhost", "").replaceFirst("^:\\d+", "");
			ResidentClient.Response page = resident.get(path);
			assertThat(page.status()).as(path).isEqualTo(200);
			String pageId = path.replaceAll("\\?.*$", "").replaceAll(".*/pages/", "");
			Page definitionPage = definition.page(pageId).orElseThrow();
			Map<String, List<String>> answers = new LinkedHashMap<>(AnswerFactory.validAnswers(definitionPage, today));
			answers.putAll(overrides.getOrDefault(pageId, Map.of()));
			answers.put("_action", List.of("next"));
			sofar.putAll(answers);
			ResidentClient.Response saved = null;
			for (FieldDefinition field : definitionPage.visibleFields(new jp.tenohira.portal.forms.Answers(sofar))) {
				if (field instanceof FieldDefinition.FileField) {
					saved = resident.postMultipart(path.replaceAll("\\?.*$", ""), answers, field.id() + ".upload",
							"申請書.pdf", "application/pdf", PDF);
				}
			}
			if (saved == null) {
				saved = resident.post(path.replaceAll("\\?.*$", ""), answers);
			}
			assertThat(saved.status()).as("save " + path).isEqualTo(303);
			String next = saved.location();
			assertThat(next).as("no validation problems on " + pageId).doesNotContain("validate=true");
			if (next.endsWith("/check")) {
				return next.replaceAll("/check$", "");
			}
			path = next;
		}
		throw new AssertionError("form did not reach the check page");
	}

	static String pageOf(String location) {
		return location.replaceAll("[?#].*$", "").replaceAll(".*/pages/", "");
	}

}
