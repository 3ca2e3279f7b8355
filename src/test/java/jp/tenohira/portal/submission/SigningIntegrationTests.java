package jp.tenohira.portal.submission;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.jpki.simulator.DigitalAuthSimulator;
import jp.tenohira.portal.jpki.simulator.Persona;
import jp.tenohira.portal.support.CardLogins;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestCardProvider;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestIdentityProvider;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code jpki-sign} procedure (住民票の写し等の交付請求) over HTTP through the デジタル認証アプリ simulator:
 * the assurance level on every step and the submit, step-up back to the same page, the
 * card's facts read-only and re-derived, the signature verified and stored, and each
 * failure explained with the draft kept.
 */
@PortalIntegrationTest
class SigningIntegrationTests {

	static final String PROCEDURE = "juuminhyou-koufu";

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	DigitalAuthSimulator simulator = TestCardProvider.shared().simulator();

	@AfterEach
	void restore() {
		this.simulator.reset();
	}

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	ProcedureDefinition definition() {
		return this.registry.find(PROCEDURE).orElseThrow();
	}

	@Test
	void aSignedApplicationIsSubmittedWithTheCardsFactsAndAValidSignature() throws SQLException {
		ResidentClient resident = CardLogins.loggedIn(port(), Persona.VALID, "/procedures/" + PROCEDURE);
		String base = FormWalker.walkToCheck(resident, definition(), Map.of());
		Document check = resident.get(base + "/check").html();
		assertThat(check.text()).contains("郡山 太郎").contains("福島県郡山市朝日一丁目23番7号");
		assertThat(check.getElementById("sign-pin").text()).contains("署名用電子証明書の暗証番号").contains("6〜16");
		assertThat(check.select("form[action$=/submit]")).isEmpty();

		// a plain submit is not enough for a procedure that needs a signature
		assertThat(resident.post(base + "/submit", form()).location()).endsWith(base + "/check");
		assertThat(count("select count(*) from submission where draft_id = '" + draftId(base) + "'")).isZero();

		ResidentClient.Response signed = sign(resident, base, Persona.VALID, "ok");
		assertThat(signed.location()).endsWith(base + "/receipt");
		String receipt = resident.get(base + "/receipt").html().getElementById("receipt-number").text();
		assertThat(receipt).matches("\\d{4}-\\d{7}");
		try (Connection connection = TestDatabase.get().connect();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("select sig.outcome, sig.revocation_method, "
						+ "sig.revocation_evidence_id is not null, length(sig.cms), s.answers::text "
						+ "from submission s join submission_signature sig on sig.submission_id = s.id "
						+ "where s.draft_id = '" + draftId(base) + "'")) {
			assertThat(row.next()).isTrue();
			assertThat(row.getString(1)).isEqualTo("VALID");
			assertThat(row.getString(2)).isEqualTo("crl");
			assertThat(row.getBoolean(3)).as("revocation evidence stored").isTrue();
			assertThat(row.getInt(4)).as("detached CMS SignedData").isGreaterThan(500);
			assertThat(row.getString(5)).contains("郡山 太郎");
		}
	}

	@Test
	void theCardsFactsCannotBeChangedFromTheBrowser() {
		ResidentClient resident = CardLogins.loggedIn(port(), Persona.VALID, "/procedures/" + PROCEDURE);
		String first = resident.apply(PROCEDURE);
		String page = first.replaceAll("[?#].*$", "");
		Document shown = resident.get(page).html();
		assertThat(shown.text()).contains("郡山 太郎").contains("マイナンバーカードから");
		String cardField = definition().pages()
			.get(0)
			.fields()
			.stream()
			.filter((f) -> f.fromCard().isPresent())
			.findFirst()
			.orElseThrow()
			.id();
		assertThat(shown.select("input[name=" + cardField + "]")).as("no input for a card field").isEmpty();
		resident.post(page, form(cardField, "偽 名前", "_action", "save"));
		assertThat(resident.get(page).html().text()).contains("郡山 太郎").doesNotContain("偽 名前");
		String base = FormWalker.walkToCheck(resident, definition(),
				Map.of(definition().pages().get(0).id(), Map.of(cardField, List.of("偽 名前"))));
		assertThat(resident.get(base + "/check").html().text()).contains("郡山 太郎").doesNotContain("偽 名前");
	}

	@Test
	void aResidentLoggedInWithAnAccountStepsUpToTheCardAndComesBackToTheSamePage() {
		TestIdentityProvider.nextResident("account-resident");
		ResidentClient resident = new ResidentClient(port());
		resident.logIn("/mypage");
		Document procedure = resident.get("/procedures/" + PROCEDURE).html();
		assertThat(procedure.getElementById("needs-card").text()).contains("4桁");
		assertThat(procedure.getElementById("needs-signature").text()).contains("6〜16");
		assertThat(procedure.select("form[action$=/apply]")).as("no way round the card").isEmpty();
		// the server refuses the start too, and explains the card login
		ResidentClient.Response refused = resident.post("/procedures/" + PROCEDURE + "/apply", form());
		assertThat(refused.location()).contains("/procedures/" + PROCEDURE + "/card");
		Document explained = resident.get(refused.location()).html();
		assertThat(explained.getElementById("pin-auth").text()).contains("数字4桁");
		assertThat(explained.getElementById("pin-sign").text()).contains("英数字6〜16桁");

		ResidentClient.Response back = CardLogins.follow(resident, explained.getElementById("card-login").attr("href"),
				Persona.VALID, "ok");
		assertThat(back.status()).isEqualTo(200);
		String base = FormWalker.walkToCheck(resident, definition(), Map.of());
		String secondPage = base + "/pages/" + definition().pages().get(1).id();

		// the session ends (a new browser with the same applicant key): the draft page
		// asks for the card again and then shows the same page with what was entered
		ResidentClient later = resident.withOnly("applicant", port());
		ResidentClient.Response stepUp = later.get(secondPage);
		assertThat(stepUp.location()).contains("/card?return=");
		Document card = later.get(stepUp.location()).html();
		ResidentClient.Response landed = CardLogins.follow(later, card.getElementById("card-login").attr("href"),
				Persona.VALID, "ok");
		assertThat(landed.status()).isEqualTo(200);
		assertThat(landed.html().select("form[action=" + secondPage + "]")).hasSize(1);
		assertThat(later.get(base + "/check").html().text()).contains("郡山 太郎");

		// another card (another person) does not get the draft
		ResidentClient stranger = CardLogins.loggedIn(port(), Persona.MOVED, "/mypage");
		assertThat(stranger.get(secondPage).status()).isEqualTo(404);
	}

	@Test
	void aSignatureCertificateRevokedAfterMovingIsExplainedAndTheDraftKept() {
		ResidentClient resident = CardLogins.loggedIn(port(), Persona.MOVED, "/procedures/" + PROCEDURE);
		String base = FormWalker.walkToCheck(resident, definition(), Map.of());
		String before = resident.get(base + "/check").html().select(".summary-list").text();
		ResidentClient.Response failed = sign(resident, base, Persona.MOVED, "ok");
		assertThat(failed.location()).endsWith(base + "/check?signError=revoked-moved");
		Document check = resident.get(failed.location()).html();
		assertThat(check.getElementById("sign-problem").text()).contains("引っ越し").contains("市民課の窓口");
		assertThat(check.select(".summary-list").text()).isEqualTo(before);
		assertThat(count("select count(*) from submission where draft_id = '" + draftId(base) + "'")).isZero();
	}

	@Test
	void everyFailureAtSigningIsExplainedAndNothingIsSubmitted() {
		ResidentClient resident = CardLogins.loggedIn(port(), Persona.VALID, "/procedures/" + PROCEDURE);
		String base = FormWalker.walkToCheck(resident, definition(), Map.of());
		Map<String, String> outcomes = Map.of("pin_locked", "pin-locked", "pin_incorrect", "pin-incorrect",
				"card_read_failed", "card-not-read", "access_denied", "cancelled");
		outcomes.forEach(
				(outcome, problem) -> assertThat(sign(resident, base, Persona.VALID, outcome).location()).as(outcome)
					.endsWith("/check?signError=" + problem));
		// signed with someone else's card
		assertThat(sign(resident, base, Persona.MOVED, "ok").location()).endsWith("?signError=signature-invalid");
		// the app goes down between the signature and the return (no token, no result);
		// an unreachable revocation source is SignatureVerifierTests' (the portal keeps a
		// fetched CRL for a day, so here it may already be cached)
		String toApp = resident.post(base + "/sign", form()).location();
		String callback = resident.get(toApp + "&auto=1&persona=valid&outcome=ok").location();
		this.simulator.setDown(true);
		assertThat(resident.get(callback).location()).endsWith("?signError=provider-down");
		this.simulator.reset();
		// the app is down when the signature starts
		this.simulator.setDown(true);
		assertThat(resident.post(base + "/sign", form()).location()).endsWith("?signError=provider-down");
		this.simulator.reset();
		assertThat(count("select count(*) from submission where draft_id = '" + draftId(base) + "'")).isZero();
		assertThat(resident.get(base + "/check?signError=provider-down").html().text()).contains("つながりません");
		// and then it works
		assertThat(sign(resident, base, Persona.VALID, "ok").location()).endsWith(base + "/receipt");
	}

	@Test
	void aChangeInAnotherTabWhileSigningIsNotSubmitted() {
		ResidentClient resident = CardLogins.loggedIn(port(), Persona.VALID, "/procedures/" + PROCEDURE);
		String base = FormWalker.walkToCheck(resident, definition(), Map.of());
		String authorize = resident.post(base + "/sign", form()).location();
		String purposePage = base + "/pages/purpose";
		resident.post(purposePage, form("purpose", "pension", "_action", "next", "return", "check"));
		String callback = resident.get(authorize + "&auto=1&persona=valid&outcome=ok").location();
		assertThat(resident.get(callback).location()).endsWith("?signError=changed");
		assertThat(count("select count(*) from submission where draft_id = '" + draftId(base) + "'")).isZero();
	}

	@Test
	void aLoginThatEndedWhileSigningComesBackToTheCheckPage() {
		ResidentClient resident = CardLogins.loggedIn(port(), Persona.VALID, "/procedures/" + PROCEDURE);
		String base = FormWalker.walkToCheck(resident, definition(), Map.of());
		String toApp = resident.post(base + "/sign", form()).location();
		String callback = resident.get(toApp + "&auto=1&persona=valid&outcome=ok").location();
		// back in the browser after the session has gone: log in again, then the check
		// page
		ResidentClient later = resident.withOnly("applicant", port());
		String stepUp = later.get(callback).location();
		assertThat(stepUp).contains("/card?return=").endsWith("/applications/" + draftId(base) + "/check");
		ResidentClient.Response landed = CardLogins.follow(later,
				later.get(stepUp).html().getElementById("card-login").attr("href"), Persona.VALID, "ok");
		assertThat(landed.html().getElementById("sign-and-submit")).isNotNull();
		assertThat(count("select count(*) from submission where draft_id = '" + draftId(base) + "'")).isZero();
		// and signing again works
		assertThat(sign(later, base, Persona.VALID, "ok").location()).endsWith(base + "/receipt");
	}

	@Test
	void staffOfTheSectionSeeTheSignatureValidAtSubmission() {
		ResidentClient resident = CardLogins.loggedIn(port(), Persona.VALID, "/procedures/" + PROCEDURE);
		String base = FormWalker.walkToCheck(resident, definition(), Map.of());
		assertThat(sign(resident, base, Persona.VALID, "ok").location()).endsWith("/receipt");
		String submissionId = string("select id from submission where draft_id = '" + draftId(base) + "'");
		ResidentClient clerk = ResidentClient.staff(port(),
				new Personas.Staff("clerk-shimin", "市民 花子", List.of("clerk"), List.of(definition().section())));
		Document page = clerk.get("/staff/submissions/" + submissionId + "/signature").html();
		assertThat(page.getElementById("signature-headline").text()).contains("有効");
		assertThat(page.getElementById("signature-certificate").text()).contains("Test JPKI Signature CA");
		Document caseScreen = clerk.get("/staff/submissions/" + submissionId).html();
		assertThat(caseScreen.getElementById("signature-status").text()).contains("有効");
	}

	/**
	 * Starts the signature, answers the app as the persona, and follows back to the
	 * portal.
	 */
	private ResidentClient.Response sign(ResidentClient resident, String base, Persona persona, String outcome) {
		ResidentClient.Response toApp = resident.post(base + "/sign", form());
		assertThat(toApp.location()).startsWith(this.simulator.issuer());
		assertThat(toApp.location()).contains("sign_transaction_id=")
			.contains("scope=openid")
			.contains("code_challenge_method=S256");
		String callback = resident.get(toApp.location() + "&auto=1&persona=" + persona.id() + "&outcome=" + outcome)
			.location();
		return resident.get(callback);
	}

	private static String draftId(String base) {
		return base.replaceAll(".*/", "");
	}

	private static long count(String sql) {
		return Long.parseLong(string(sql));
	}

	private static String string(String sql) {
		try (Connection connection = TestDatabase.get().connect();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery(sql)) {
			row.next();
			return row.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
