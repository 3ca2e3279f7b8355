package jp.tenohira.portal.mynumber;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.Test;

import jp.tenohira.portal.forms.AnswerValidator;
import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.Condition;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FieldDefinition.Basics;
import jp.tenohira.portal.forms.FieldProblem;
import jp.tenohira.portal.forms.MyNumberAnswer;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.shared.LocalizedText;
import jp.tenohira.portal.support.TestMyNumberKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a page save keeps of a My Number input: the encryption of a valid number, a marker
 * for anything else (never the text typed), and the earlier number when the input is left
 * empty; and how validation reads what was kept.
 */
class MyNumberProtectorTests {

	private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

	private final ECKey key = TestMyNumberKeys.generate("protector-test");

	private final MyNumberProtector protector = new MyNumberProtector(new MyNumberSealer(this.key.toPublicJWK()));

	private final MyNumberOpener opener = new MyNumberOpener(this.key);

	private final Page page = new Page("claimant", LocalizedText.of("請求者", "Applicant"), null, Condition.ALWAYS,
			List.of(new FieldDefinition.MyNumberField(
					new Basics("my-number", LocalizedText.of("個人番号", "My Number"), null, true, Condition.ALWAYS)),
					new FieldDefinition.TextField(
							new Basics("note", LocalizedText.of("備考", "Note"), null, false, Condition.ALWAYS), 0, 100,
							null)));

	private static Answers posted(String number) {
		return new Answers(Map.of("my-number", List.of(number), "note", List.of("そのまま")));
	}

	@Test
	void aValidNumberIsStoredOnlyAsItsEncryption() {
		for (String typed : List.of("123456789018", "１２３４　５６７８　９０１８", "1234-5678-9018", " 1234 5678 9018 ")) {
			Answers kept = this.protector.protect(this.page, posted(typed), Answers.empty());
			String stored = kept.first("my-number");
			assertThat(MyNumberAnswer.isSealed(stored)).as(typed).isTrue();
			assertThat(kept.values().toString()).doesNotContain("123456789018").doesNotContain("9018");
			assertThat(this.opener.open(stored)).isEqualTo("123456789018");
			assertThat(kept.first("note")).isEqualTo("そのまま");
			assertThat(AnswerValidator.validate(this.page, kept, TODAY)).isEmpty();
		}
	}

	@Test
	void anythingElseTypedIsReplacedByTheMarkerAndAskedForAgain() {
		for (String typed : List.of("123456789019", "12345678901", "1234567890180", "マイナンバー", "123456789O18")) {
			Answers kept = this.protector.protect(this.page, posted(typed), Answers.empty());
			assertThat(kept.all("my-number")).as(typed).containsExactly(MyNumberAnswer.INVALID);
			assertThat(kept.values().toString()).doesNotContain(typed);
			List<FieldProblem> problems = AnswerValidator.validate(this.page, kept, TODAY);
			assertThat(problems).extracting(FieldProblem::code).containsExactly("error.myNumber");
		}
	}

	@Test
	void anInvalidNumberReplacesAStoredOne() {
		Answers stored = this.protector.protect(this.page, posted("123456789018"), Answers.empty());
		Answers kept = this.protector.protect(this.page, posted("123456789019"), stored);
		assertThat(kept.all("my-number")).containsExactly(MyNumberAnswer.INVALID);
	}

	@Test
	void anEmptyInputKeepsTheNumberStoredEarlier() {
		Answers stored = this.protector.protect(this.page, posted("123456789018"), Answers.empty());
		Answers kept = this.protector.protect(this.page, posted(""), stored);
		assertThat(kept.first("my-number")).isEqualTo(stored.first("my-number"));
		Answers notPosted = this.protector.protect(this.page, new Answers(Map.of("note", List.of("x"))), stored);
		assertThat(notPosted.first("my-number")).isEqualTo(stored.first("my-number"));
	}

	@Test
	void anEmptyInputWithNothingStoredIsStillRequired() {
		Answers kept = this.protector.protect(this.page, posted(""), Answers.empty());
		assertThat(kept.isAnswered("my-number")).isFalse();
		assertThat(AnswerValidator.validate(this.page, kept, TODAY)).extracting(FieldProblem::code)
			.containsExactly("error.required");
		Answers afterInvalid = this.protector.protect(this.page, posted(""),
				new Answers(Map.of("my-number", List.of(MyNumberAnswer.INVALID))));
		assertThat(afterInvalid.isAnswered("my-number")).isFalse();
	}

	@Test
	void digitsThatReachedTheAnswersUnencryptedNeverValidate() {
		Answers raw = new Answers(Map.of("my-number", List.of("123456789018")));
		assertThat(AnswerValidator.validate(this.page, raw, TODAY)).extracting(FieldProblem::code)
			.containsExactly("error.myNumber");
	}

	@Test
	void pagesWithoutAMyNumberAreLeftAsPosted() {
		Page other = new Page("other", LocalizedText.of("他", "Other"), null, Condition.ALWAYS,
				List.of(new FieldDefinition.TextField(
						new Basics("note", LocalizedText.of("備考", "Note"), null, false, Condition.ALWAYS), 0, 100,
						null)));
		Answers posted = new Answers(Map.of("note", List.of("123456789018")));
		assertThat(this.protector.protect(other, posted, Answers.empty())).isEqualTo(posted);
	}

}
