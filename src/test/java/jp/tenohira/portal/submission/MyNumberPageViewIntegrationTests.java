package jp.tenohira.portal.submission;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import jp.tenohira.portal.forms.AnswerValidator;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.mynumber.MyNumberFixtures;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.support.PortalIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the resident's page and check page are given for a My Number field: never the
 * number or its ciphertext, only whether one is stored ("入力済み"), and a clear message when
 * what was typed was not a valid number.
 */
@PortalIntegrationTest
class MyNumberPageViewIntegrationTests {

	@Autowired
	FormRegistry registry;

	@Autowired
	ApplicationService applications;

	@Autowired
	FormViews views;

	@Test
	void thePageNeverCarriesTheNumberAndSaysWhenOneIsStored() throws Exception {
		ProcedureDefinition allowance = this.registry.find(MyNumberFixtures.PROCEDURE).orElseThrow();
		Page claimant = allowance.page("claimant").orElseThrow();
		String number = MyNumberFixtures.canary();
		Draft draft = MyNumberFixtures.insertDraft(allowance, "page-view-resident");
		LocalDate today = LocalDate.now(CityTime.ZONE);

		Map<String, List<String>> posted = MyNumberFixtures.valid(claimant);
		posted.put(MyNumberFixtures.FIELD, List.of(MyNumberFixtures.wrongCheckDigit(number)));
		MyNumberFixtures.save(this.applications, allowance, draft.id(), claimant, posted,
				new ApplicationService.PageAction.Next());
		ApplicationService.DraftContext refused = new ApplicationService.DraftContext(
				MyNumberFixtures.draft(draft.id()), allowance);
		PageView asked = this.views.page(refused, claimant,
				AnswerValidator.validate(claimant, refused.draft().answers(), today), null, null, false, Lang.JA);
		PageView.FieldView field = field(asked);
		assertThat(field.fragment()).isEqualTo("mynumberField");
		assertThat(field.value()).isEmpty();
		assertThat(field.stored()).isFalse();
		assertThat(field.errors()).singleElement().asString().contains("個人番号が正しくありません", "保存していません");
		assertThat(asked.errors()).extracting(PageView.ErrorView::htmlId).contains("f-claimant-my-number");
		assertThat(asked.toString()).doesNotContain(MyNumberFixtures.wrongCheckDigit(number));

		posted.put(MyNumberFixtures.FIELD, List.of(number));
		MyNumberFixtures.save(this.applications, allowance, draft.id(), claimant, posted,
				new ApplicationService.PageAction.Next());
		ApplicationService.DraftContext saved = new ApplicationService.DraftContext(MyNumberFixtures.draft(draft.id()),
				allowance);
		String ciphertext = saved.draft().answers().first(MyNumberFixtures.FIELD);
		for (Lang lang : Lang.values()) {
			PageView again = this.views.page(saved, claimant, List.of(), null, null, false, lang);
			assertThat(field(again).stored()).isTrue();
			assertThat(field(again).value()).isEmpty();
			assertThat(field(again).values()).isEmpty();
			assertThat(field(again).hint()).isNotBlank();
			assertNothingOf(again.toString(), number, ciphertext);

			CheckView check = this.views.check(saved, lang);
			List<String> lines = check.sections()
				.stream()
				.flatMap((s) -> s.rows().stream())
				.filter((r) -> r.changeUrl().contains("#f-claimant-my-number"))
				.findFirst()
				.orElseThrow()
				.lines();
			assertThat(lines).singleElement().asString().doesNotContainPattern("[0-9]");
			assertNothingOf(check.toString(), number, ciphertext);
		}
		assertThat(field(this.views.page(saved, claimant, List.of(), null, null, false, Lang.JA)).hint())
			.contains("12桁");
		assertThat(this.views.check(saved, Lang.JA).toString()).contains("入力済み");
		assertThat(this.views.check(saved, Lang.EN).toString()).contains("Entered");
	}

	@Test
	void fieldsFromTheCardAreShownReadOnly() {
		ProcedureDefinition certificate = this.registry.find("juuminhyou-koufu").orElseThrow();
		Page requester = certificate.page("requester").orElseThrow();
		Draft draft = new Draft(java.util.UUID.randomUUID(), certificate.id(), certificate.version(),
				new jp.tenohira.portal.forms.Answers(
						Map.of("requester-name", List.of("郡山 太郎"), "requester-birthdate", List.of("1985-04-01"))),
				"hash", "issuer", "subject", Draft.Status.OPEN, java.time.Instant.now(), java.time.Instant.now());
		PageView page = this.views.page(new ApplicationService.DraftContext(draft, certificate), requester, List.of(),
				null, null, false, Lang.JA);
		Map<String, PageView.FieldView> byName = new java.util.HashMap<>();
		page.fields().forEach((f) -> byName.put(f.name(), f));
		assertThat(byName.get("requester-name").fragment()).isEqualTo("cardField");
		assertThat(byName.get("requester-name").fromCard()).isTrue();
		assertThat(byName.get("requester-name").value()).isEqualTo("郡山 太郎");
		assertThat(byName.get("requester-birthdate").value()).contains("昭和60年4月1日");
		assertThat(byName.get("requester-address").fragment()).isEqualTo("cardField");
		assertThat(byName.get("phone").fromCard()).isFalse();
		assertThat(byName.get("phone").fragment()).isEqualTo("phoneField");
	}

	private static PageView.FieldView field(PageView page) {
		return page.fields().stream().filter((f) -> f.name().equals(MyNumberFixtures.FIELD)).findFirst().orElseThrow();
	}

	private static void assertNothingOf(String text, String number, String ciphertext) {
		MyNumberFixtures.spellings(number).forEach((s) -> assertThat(text).doesNotContain(s));
		assertThat(text).doesNotContain(ciphertext).doesNotContain(ciphertext.substring(0, 20));
	}

}
