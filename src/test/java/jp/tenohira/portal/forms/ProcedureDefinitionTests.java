package jp.tenohira.portal.forms;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jp.tenohira.portal.forms.FieldDefinition.Basics;
import jp.tenohira.portal.forms.FieldDefinition.ChoiceField;
import jp.tenohira.portal.forms.FieldDefinition.ChoiceStyle;
import jp.tenohira.portal.forms.FieldDefinition.Option;
import jp.tenohira.portal.shared.LocalizedText;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which answers count: a value left on a field that a later change hid drives nothing
 * further on.
 */
class ProcedureDefinitionTests {

	private static ChoiceField choice(String id, Condition when, String... values) {
		return new ChoiceField(new Basics(id, LocalizedText.of(id, id), null, true, when), ChoiceStyle.RADIO,
				java.util.Arrays.stream(values).map((v) -> new Option(v, LocalizedText.of(v, v))).toList());
	}

	private static final ProcedureDefinition DISASTER = new ProcedureDefinition("disaster", "v1", "",
			LocalizedText.of("t", "t"), LocalizedText.of("s", "s"), "shisanzei", List.of("disaster"), List.of(), null,
			List.of(), null, AssuranceLevel.NONE, true, null, List.of(
					new Page("kind", LocalizedText.of("k", "k"), null, Condition.ALWAYS,
							List.of(choice("disaster-type", Condition.ALWAYS, "flood", "earthquake"),
									choice("flood-level", new Condition.Equals("disaster-type", "flood"), "above-floor",
											"below-floor"))),
					new Page("depth", LocalizedText.of("d", "d"), null,
							new Condition.Equals("flood-level", "above-floor"),
							List.of(choice("flood-depth", Condition.ALWAYS, "1m", "2m")))),
			new Routing("shisanzei", List.of()));

	@Test
	void answersOnHiddenFieldsDoNotKeepLaterQuestionsAlive() {
		Answers changedMind = new Answers(Map.of("disaster-type", List.of("earthquake"), "flood-level",
				List.of("above-floor"), "flood-depth", List.of("2m")));
		assertThat(DISASTER.visibleAnswers(changedMind).values()).containsOnlyKeys("disaster-type");
		assertThat(DISASTER.visiblePages(changedMind)).extracting(Page::id).containsExactly("kind");
		assertThat(DISASTER.pages().get(0).visibleFields(DISASTER.visibleAnswers(changedMind)))
			.extracting(FieldDefinition::id)
			.containsExactly("disaster-type");
	}

	@Test
	void answersThatCountFollowTheChainOfConditions() {
		Answers flood = new Answers(Map.of("disaster-type", List.of("flood"), "flood-level", List.of("above-floor"),
				"flood-depth", List.of("2m")));
		assertThat(DISASTER.visibleAnswers(flood).values()).containsOnlyKeys("disaster-type", "flood-level",
				"flood-depth");
		assertThat(DISASTER.visiblePages(flood)).extracting(Page::id).containsExactly("kind", "depth");
	}

}
