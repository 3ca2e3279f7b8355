package jp.tenohira.portal.mynumber;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.jpki.simulator.Persona;
import jp.tenohira.portal.submission.FormWalker;
import jp.tenohira.portal.support.CardLogins;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestCardProvider;
import jp.tenohira.portal.support.TestDatabase;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * S12 on the resident's own path, over HTTP with a real card login and signature: canary
 * My Numbers typed into 児童手当の認定請求 (a wrong check digit first, then full-width with
 * hyphens) never come back in any response or redirect, never reach the application log,
 * and are stored only as ciphertext in the draft, the submission and its signed document.
 */
@PortalIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class MyNumberResidentPathIntegrationTests {

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	@Test
	void aCanaryTypedByTheResidentAppearsNowhereOnTheWayToTheReceipt(CapturedOutput output) throws Exception {
		ProcedureDefinition allowance = this.registry.find(MyNumberFixtures.PROCEDURE).orElseThrow();
		Page claimant = allowance.pages().get(0);
		String canary = MyNumberFixtures.canary();
		String wrong = MyNumberFixtures.wrongCheckDigit(canary);
		List<String> seen = new ArrayList<>();

		ResidentClient resident = CardLogins.loggedIn(port(), Persona.VALID, "/procedures/" + allowance.id());
		String first = resident.apply(allowance.id()).replaceAll("[?#].*$", "");
		Map<String, List<String>> answers = MyNumberFixtures.valid(claimant);
		answers.put(MyNumberFixtures.FIELD, List.of(MyNumberFixtures.spellings(wrong).get(3)));
		answers.put("_action", List.of("next"));
		ResidentClient.Response refused = resident.post(first, answers);
		seen.add(text(refused));
		ResidentClient.Response problem = resident.get(refused.location());
		seen.add(text(problem));
		assertThat(problem.html().getElementById("error-summary")).as("the wrong check digit is explained").isNotNull();

		String typed = MyNumberFixtures.spellings(canary).get(2).replace('-', '－');
		String base = FormWalker.walkToCheck(resident, allowance,
				Map.of(claimant.id(), Map.of(MyNumberFixtures.FIELD, List.of(typed))));
		for (Page page : allowance.pages()) {
			seen.add(text(resident.get(base + "/pages/" + page.id())));
		}
		ResidentClient.Response check = resident.get(base + "/check");
		seen.add(text(check));
		assertThat(check.html().text()).contains("入力済み");

		ResidentClient.Response toApp = resident.post(base + "/sign", form());
		seen.add(text(toApp));
		String callback = resident.get(toApp.location() + "&auto=1&persona=valid&outcome=ok").location();
		seen.add(callback);
		ResidentClient.Response signed = resident.get(callback);
		seen.add(text(signed));
		assertThat(signed.location()).endsWith(base + "/receipt");
		seen.add(text(resident.get(base + "/receipt")));
		seen.add(text(resident.get("/mypage")));
		// the app itself never saw the number: only a digest of the document went there
		seen.add(TestCardProvider.shared().simulator().issuer());

		String draftId = base.replaceAll(".*/", "");
		List<String> stored = TestDatabase.get()
			.rows("select d.answers::text || ' ' || s.answers::text from draft d join submission s on s.draft_id = d.id "
					+ "where d.id = '" + draftId + "'");
		assertThat(stored).hasSize(1);
		assertThat(stored.get(0)).contains("eyJ");

		String everything = String.join("\n", seen);
		String logs = output.getAll();
		for (String number : List.of(canary, wrong)) {
			for (String spelling : MyNumberFixtures.spellings(number)) {
				assertThat(everything).as("responses and redirects").doesNotContain(spelling);
				assertThat(logs).as("application log").doesNotContain(spelling);
				assertThat(stored.get(0)).as("draft and submission").doesNotContain(spelling);
			}
		}
	}

	private static String text(ResidentClient.Response response) {
		return response.status() + " " + response.headers().map() + "\n" + response.body();
	}

}
