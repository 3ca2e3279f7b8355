package jp.tenohira.portal.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.support.Browser;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestIdentityProvider;
import jp.tenohira.portal.support.TestMail;
import jp.tenohira.portal.support.TestSubmissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole correction loop in two browsers at once: a member of staff of the right
 * section watches the inbox and sees a new submission arrive without reloading, asks for
 * a correction; the resident gets the e-mail, fixes the named field on マイページ and sends it
 * again; staff see what changed and approve; the resident sees the decision. A clerk of
 * another section, in a third browser, cannot see the submission at all.
 */
@PortalIntegrationTest
class StaffInboxBrowserTests {

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	@Test
	void staffAndResidentCompleteACorrectionLoop() throws Exception {
		String resident = "browser-resident-" + UUID.randomUUID().toString().substring(0, 8);
		String email = resident + "@example.jp";
		try (Browser staff = Browser.open(port());
				Browser citizen = Browser.open(port());
				Browser otherSection = Browser.open(port())) {
			// staff of section X (clerk and approver) open their inbox and stay on it
			TestIdentityProvider.nextStaff(Personas.APPROVER_X.subject(), Personas.APPROVER_X.name(),
					Personas.APPROVER_X.roles(), Personas.APPROVER_X.sections());
			staff.go("/staff/sections/" + Personas.SECTION_X);
			assertThat(staff.path()).isEqualTo("/staff/sections/" + Personas.SECTION_X);
			staff.assertAccessible();
			staff.script("window.__sameDocument = true;");
			waitFor("the inbox to subscribe to live updates", () -> subscribed(Personas.APPROVER_X.subject()));

			// the resident applies (through the form over HTTP, the journey tests cover
			// the
			// form in the browser) with an e-mail address for notifications
			ResidentClient applicant = ResidentClient.resident(port(), resident);
			TestSubmissions.Submitted submitted = TestSubmissions.submit(applicant,
					this.registry.find("sodai-gomi").orElseThrow(),
					Map.of("applicant", ResidentClient.form("email", email)));

			// it appears in the open inbox without a reload
			String row = "#inbox-rows tr[data-id='" + submitted.submissionId() + "']";
			try {
				waitFor("the new submission to appear live", () -> !staff.findAll(row).isEmpty());
			}
			catch (AssertionError ex) {
				throw new AssertionError(ex.getMessage() + "; live region: "
						+ staff.script("var l = document.getElementById('inbox-live'); return l ? l.outerHTML : 'none'")
						+ "; rows: " + staff.findAll("#inbox-rows tr").size() + "; submission: "
						+ TestDatabase.get()
							.rows("select section_id || ' ' || status || ' ' || submitted_at from submission where id = '"
									+ submitted.submissionId() + "'"),
						ex);
			}
			assertThat(staff.script("return window.__sameDocument === true")).isEqualTo(true);
			assertThat(staff.text(row)).contains(submitted.receiptNumber());
			assertThat(staff.text("#inbox-live")).contains(submitted.receiptNumber());

			// staff open it and ask for the phone number to be corrected
			staff.clickAndWait("#receipt-" + submitted.submissionId());
			staff.assertAccessible();
			staff.click("#action-request-correction input[name=fields][value=phone]");
			staff.type("#correction-message", "電話番号がつながりませんでした。もう一度ご確認ください。");
			staff.clickAndWait("#action-request-correction button[type=submit]");
			assertThat(staff.text(".case-facts")).contains("補正依頼中");

			// the resident is told by e-mail, without personal data in the subject
			MimeMessage mail = waitForMail(email, "修正");
			assertThat(mail.getSubject()).contains(submitted.receiptNumber()).doesNotContain(email);
			assertThat(mail.getContent().toString()).contains("/mypage");

			// and fixes exactly that field on マイページ
			TestIdentityProvider.nextResident(resident);
			citizen.go("/mypage");
			assertThat(citizen.path()).isEqualTo("/mypage");
			citizen.assertAccessible();
			citizen.clickAndWait("a[href='/mypage/submissions/" + submitted.receiptNumber() + "']");
			assertThat(citizen.text("#correction-request")).contains("電話番号がつながりませんでした");
			citizen.assertAccessible();
			citizen.clickAndWait("#start-correction");
			assertThat(citizen.findAll("input[name=phone]")).hasSize(1);
			assertThat(citizen.findAll("input[name^='applicant-name']")).isEmpty();
			citizen.assertAccessible();
			citizen.driver().findElement(org.openqa.selenium.By.cssSelector("input[name=phone]")).clear();
			citizen.type("input[name=phone]", "024-924-2151");
			citizen.clickAndWait("form button.button-primary");
			assertThat(citizen.text("#case-status")).isEqualTo("再提出");

			// staff see what changed, and approve
			staff.go("/staff/submissions/" + submitted.submissionId());
			assertThat(staff.text(".changes")).contains("電話番号", "0249242151");
			staff.assertAccessible();
			staff.clickAndWait("#action-approve button[type=submit]");
			assertThat(staff.text(".case-facts")).contains("承認");

			// the resident sees the decision
			citizen.go("/mypage/submissions/" + submitted.receiptNumber());
			assertThat(citizen.text("#case-status")).isEqualTo("承認");
			waitForMail(email, "審査結果");

			// a clerk of another section cannot see it, in the inbox or directly
			TestIdentityProvider.nextStaff(Personas.CLERK_Y.subject(), Personas.CLERK_Y.name(),
					Personas.CLERK_Y.roles(), Personas.CLERK_Y.sections());
			otherSection.go("/staff/sections/" + Personas.SECTION_Y + "?status=all");
			assertThat(otherSection.text("main")).doesNotContain(submitted.receiptNumber());
			otherSection.go("/staff/submissions/" + submitted.submissionId());
			assertThat(otherSection.text("main")).doesNotContain(submitted.receiptNumber()).doesNotContain("電話番号");
			otherSection.go("/staff/sections/" + Personas.SECTION_X);
			assertThat(otherSection.text("main")).doesNotContain(submitted.receiptNumber());
		}
	}

	private static boolean subscribed(String subject) {
		try {
			return TestDatabase.get()
				.count("select count(*) from audit_event where action = 'INBOX_SUBSCRIBE' and actor_subject = '"
						+ subject + "'") > 0;
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static MimeMessage waitForMail(String to, String subjectPart) throws Exception {
		MimeMessage[] found = new MimeMessage[1];
		waitFor("an e-mail to the resident about " + subjectPart, () -> {
			for (MimeMessage message : TestMail.shared().getReceivedMessages()) {
				try {
					List<String> recipients = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
						.map(Object::toString)
						.toList();
					if (recipients.contains(to) && message.getSubject().contains(subjectPart)) {
						found[0] = message;
						return true;
					}
				}
				catch (jakarta.mail.MessagingException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return false;
		});
		return found[0];
	}

	private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				Thread.getAllStackTraces().forEach((t, st) -> {
					if (t.getName().startsWith("scheduling")) {
						System.out.println("THREAD " + t.getName() + " " + t.getState());
						for (StackTraceElement e : st) {
							System.out.println("    at " + e);
						}
					}
				});
				try {
					throw new AssertionError("Timed out waiting for " + what + "; outbox: " + TestDatabase.get()
						.rows("select event_type || ' ' || coalesce(processed_at::text, '-') || ' ' || attempts || ' ' "
								+ "|| coalesce(last_error, '-') || ' ' || coalesce(failed_at::text, '-') from outbox "
								+ "where event_type like 'mail.%' order by created_at desc limit 5"));
				}
				catch (java.sql.SQLException ex) {
					throw new AssertionError("Timed out waiting for " + what, ex);
				}
			}
			Thread.sleep(200);
		}
	}

}
