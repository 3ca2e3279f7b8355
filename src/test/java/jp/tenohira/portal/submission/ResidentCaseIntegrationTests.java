package jp.tenohira.portal.submission;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.identity.StaffRole;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestSubmissions;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The resident's side of a correction request (補正): seen on マイページ, only the named fields
 * can be changed, mistakes are explained with the entry kept, and the fix becomes a new
 * revision of the same submission. Other residents cannot see or touch it.
 */
@PortalIntegrationTest
class ResidentCaseIntegrationTests {

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	@Autowired
	SubmissionWorkflow workflow;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	SubmissionWorkflow.Access sectionX() {
		return new SubmissionWorkflow.Access(Set.of(Personas.SECTION_X), Set.of(StaffRole.CLERK, StaffRole.APPROVER));
	}

	@Test
	void aResidentFixesOnlyTheNamedFieldOnTheSameSubmission() throws SQLException {
		ResidentClient resident = ResidentClient.resident(port(), "case-resident-a");
		TestSubmissions.Submitted submitted = TestSubmissions.submit(resident,
				this.registry.find("sodai-gomi").orElseThrow(), Map.of());
		UUID id = UUID.fromString(submitted.submissionId());
		String casePath = "/mypage/submissions/" + submitted.receiptNumber();
		assertThat(resident.get("/mypage").html().select("a[href=\"" + casePath + "\"]")).hasSize(1);

		this.workflow
			.apply(id, sectionX(), new SubmissionWorkflow.Command.RequestCorrection(List.of("phone"), "電話番号が1桁足りません。"),
					Actor.staff("clerk-x", "環境 一郎"))
			.block();

		Document myPage = resident.get("/mypage").html();
		assertThat(myPage.select(".action-needed").text()).contains(submitted.receiptNumber());
		Document casePage = resident.get(casePath).html();
		assertThat(casePage.getElementById("case-status").text()).isEqualTo("補正依頼中");
		assertThat(casePage.getElementById("correction-request").text()).contains("電話番号が1桁足りません。", "電話番号");

		Document formPage = resident.get(casePath + "/correction").html();
		assertThat(formPage.select("input[name=phone]")).hasSize(1);
		assertThat(formPage.select("input[name^=applicant-name], input[name^=email], textarea[name=notes]")).isEmpty();

		// a mistake is explained and what was typed stays
		ResidentClient.Response wrong = resident.post(casePath + "/correction",
				form("_csrf", resident.csrf(), "phone", "12ab"));
		assertThat(wrong.status()).isEqualTo(422);
		assertThat(wrong.html().select(".error-summary a")).isNotEmpty();
		assertThat(wrong.html().select("input[name=phone]").attr("value")).isEqualTo("12ab");
		assertThat(TestDatabase.get().count("select revision from submission where id = '" + id + "'")).isEqualTo(1);

		// S3: inputs for fields that were not named are ignored
		String emailBefore = TestDatabase.get()
			.rows("select answers->'email'->>0 from submission where id = '" + id + "'")
			.get(0);
		ResidentClient.Response fixed = resident.post(casePath + "/correction",
				form("_csrf", resident.csrf(), "phone", "024-924-2151", "email", "attacker@example.com"));
		assertThat(fixed.status()).isEqualTo(303);
		assertThat(fixed.location()).endsWith(casePath + "?resubmitted");
		assertThat(TestDatabase.get()
			.rows("select status || ' ' || revision || ' ' || (answers->'phone'->>0) || ' ' || (answers->'email'->>0) "
					+ "from submission where id = '" + id + "'"))
			.containsExactly("RESUBMITTED 2 0249242151 " + emailBefore);
		assertThat(TestDatabase.get()
			.rows("select revision::text from submission_revision where submission_id = '" + id
					+ "' order by revision"))
			.containsExactly("1", "2");
		assertThat(TestDatabase.get()
			.count("select count(*) from correction_request where submission_id = '" + id
					+ "' and resolved_revision = 2"))
			.isEqualTo(1);
		assertThat(TestDatabase.get()
			.rows("select detail->>'fields' from submission_event where submission_id = '" + id
					+ "' and action = 'RESUBMIT' and actor_kind = 'RESIDENT'"))
			.containsExactly("[\"phone\"]");
		assertThat(resident.get(casePath).html().getElementById("case-status").text()).isEqualTo("再提出");
		// the form is closed once sent
		assertThat(resident.get(casePath + "/correction").location()).endsWith(casePath);
		assertThat(resident.post(casePath + "/correction", form("_csrf", resident.csrf(), "phone", "0249242152"))
			.location()).endsWith(casePath);
		assertThat(TestDatabase.get().count("select revision from submission where id = '" + id + "'")).isEqualTo(2);
	}

	@Test
	void otherResidentsAndAnonymousVisitorsCannotSeeOrChangeIt() throws SQLException {
		ResidentClient residentA = ResidentClient.resident(port(), "case-resident-b1");
		TestSubmissions.Submitted submitted = TestSubmissions.submit(residentA,
				this.registry.find("sodai-gomi").orElseThrow(), Map.of());
		String casePath = "/mypage/submissions/" + submitted.receiptNumber();
		this.workflow
			.apply(UUID.fromString(submitted.submissionId()), sectionX(),
					new SubmissionWorkflow.Command.RequestCorrection(List.of("phone"), "確認のため"),
					Actor.staff("clerk-x", "環境 一郎"))
			.block();
		ResidentClient residentB = ResidentClient.resident(port(), "case-resident-b2");
		assertThat(residentB.get(casePath).status()).isEqualTo(404);
		assertThat(residentB.get(casePath + "/correction").status()).isEqualTo(404);
		assertThat(residentB.post(casePath + "/correction", form("_csrf", residentB.csrf(), "phone", "0249242151"))
			.status()).isEqualTo(404);
		assertThat(residentB.post(casePath + "/withdraw", form("_csrf", residentB.csrf())).status()).isEqualTo(404);
		ResidentClient anonymous = new ResidentClient(port());
		assertThat(anonymous.get(casePath).status()).isEqualTo(302);
		assertThat(
				TestDatabase.get().rows("select status from submission where id = '" + submitted.submissionId() + "'"))
			.containsExactly("CORRECTION_REQUESTED");
	}

	@Test
	void aResidentWithdrawsOnceAndStaffCannotMoveItAfterwards() throws SQLException {
		ResidentClient resident = ResidentClient.resident(port(), "case-resident-c");
		TestSubmissions.Submitted submitted = TestSubmissions.submit(resident,
				this.registry.find("sodai-gomi").orElseThrow(), Map.of());
		String casePath = "/mypage/submissions/" + submitted.receiptNumber();
		assertThat(resident.post(casePath + "/withdraw", form("_csrf", resident.csrf())).location())
			.endsWith(casePath + "?withdrawn");
		assertThat(resident.get(casePath).html().select("form.withdraw")).isEmpty();
		assertThat(resident.post(casePath + "/withdraw", form("_csrf", resident.csrf())).location()).endsWith(casePath);
		assertThat(TestDatabase.get()
			.count("select count(*) from submission_event where action = 'WITHDRAW' and submission_id = '"
					+ submitted.submissionId() + "'"))
			.isEqualTo(1);
		assertThatThrownBy(() -> this.workflow
			.apply(UUID.fromString(submitted.submissionId()), sectionX(), new SubmissionWorkflow.Command.StartReview(),
					Actor.staff("clerk-x", "環境 一郎"))
			.block()).isInstanceOf(WorkflowException.class);
	}

}
