package jp.tenohira.portal.casework;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.submission.FormWalker;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestSubmissions;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case screen over real HTTP with real staff logins: answers rendered with the
 * definition version the resident used, the workflow driven through its buttons, section
 * isolation (404) and roles (403), and attachment downloads with safe headers.
 */
@PortalIntegrationTest
class CaseworkIntegrationTests {

	/** A clerk of 広聴広報課, which receives 市政提案 (a procedure with a file field). */
	static final Personas.Staff CLERK_KOUHOU = new Personas.Staff("clerk-kouhou", "広報 四郎", List.of("clerk"),
			List.of("kouchou-kouhou"));

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	ProcedureDefinition definition(String id) {
		return this.registry.find(id).orElseThrow();
	}

	TestSubmissions.Submitted sodaiGomi() throws SQLException {
		return TestSubmissions.submit(new ResidentClient(port()), definition("sodai-gomi"), Map.of());
	}

	TestSubmissions.Submitted waterPlantVisit() throws SQLException {
		return TestSubmissions.submit(new ResidentClient(port()), definition("shisetsu-kengaku"),
				Map.of("*", Map.of("facility", List.of("water-plant"))));
	}

	static String detail(TestSubmissions.Submitted submitted) {
		return "/staff/submissions/" + submitted.submissionId();
	}

	static String status(TestSubmissions.Submitted submitted) throws SQLException {
		return TestDatabase.get()
			.rows("select status from submission where id = '" + submitted.submissionId() + "'")
			.get(0);
	}

	@Test
	void detailShowsTheAnswersHistoryAndActionsForTheSection() throws SQLException {
		TestSubmissions.Submitted submitted = sodaiGomi();
		ResidentClient clerk = StaffLogins.staff(port(), Personas.CLERK_X);
		ResidentClient.Response page = clerk.get(detail(submitted));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Cache-Control")).contains("no-store");
		Document html = page.html();
		assertThat(html.select("h1").text()).contains(submitted.receiptNumber()).contains("粗大ごみ収集の申込");
		assertThat(html.select(".case-facts").text()).contains("環境政策課")
			.contains("受付")
			.contains("未割当")
			.contains("第1版")
			.contains("ログインなしで申請");
		assertThat(html.select(".summary-row dt").eachText()).contains("申込者氏名", "住所（収集場所）", "収集方法");
		assertThat(html.select(".summary-list").text()).contains("郡山 花子", "コオリヤマ ハナコ", "0249242491",
				"品目 1 — 品目名: テスト / 数量: 1 点");
		assertThat(html.select("#changes-title")).isEmpty();
		// a clerk may start, request a correction, transfer, assign; never approve
		assertThat(html.select("form[id^=action-]").eachAttr("id"))
			.contains("action-start-review", "action-request-correction", "action-transfer", "action-assign",
					"action-note")
			.doesNotContain("action-approve", "action-reject", "action-complete", "action-unassign");
		assertThat(html.select("form[method=post]"))
			.allSatisfy((form) -> assertThat(form.select("input[name=_csrf]")).hasSize(1));
		assertThat(html.select("#action-request-correction fieldset legend").eachText()).contains("ページ「申込者」",
				"ページ「収集方法」");
		assertThat(html.select("#action-request-correction input[name=fields]").eachAttr("value"))
			.contains("applicant-name", "phone", "items", "collection-method", "consent");
		assertThat(html.select("#transfer-section option").eachAttr("value")).contains(Personas.SECTION_Y)
			.doesNotContain(Personas.SECTION_X);

		Document english = clerk.get(detail(submitted) + "?lang=en").html();
		assertThat(english.select("html").attr("lang")).isEqualTo("en");
		assertThat(english.select(".case-facts").text()).contains("Receipt number", "Environmental Policy", "Received",
				"Nobody", "Revision 1", "Applied without logging in");
		assertThat(english.select(".summary-row dt").eachText()).contains("Applicant's name");
		assertThat(english.select("#action-request-correction h3").text()).isEqualTo("Request a correction");

		ResidentClient approver = StaffLogins.staff(port(), Personas.APPROVER_X);
		Document approverView = approver.get(detail(submitted)).html();
		assertThat(approverView.select("form[id^=action-]").eachAttr("id")).contains("action-reject")
			.doesNotContain("action-approve");
	}

	@Test
	void answersRenderWithTheDefinitionVersionTheResidentUsed() throws SQLException {
		TestSubmissions.Submitted submitted = sodaiGomi();
		String source = definition("sodai-gomi").source();
		assertThat(source).contains("ja: 申込者氏名");
		String old = source.replace("ja: 申込者氏名", "ja: 旧様式の申込者名").replace("ja: 粗大ごみ収集の申込", "ja: 旧様式の粗大ごみ申込");
		try (var connection = TestDatabase.get().connect();
				var insert = connection.prepareStatement(
						"insert into form_definition_version (procedure_id, version, source) values (?, ?, ?)")) {
			insert.setString(1, "sodai-gomi");
			insert.setString(2, "test-old-" + submitted.submissionId());
			insert.setString(3, old);
			insert.executeUpdate();
		}
		TestDatabase.get()
			.execute("update submission set definition_version = 'test-old-" + submitted.submissionId()
					+ "' where id = '" + submitted.submissionId() + "'");
		ResidentClient clerk = StaffLogins.staff(port(), Personas.CLERK_X);
		Document html = clerk.get(detail(submitted)).html();
		assertThat(html.select("h1").text()).contains("旧様式の粗大ごみ申込");
		assertThat(html.select(".summary-row dt").eachText()).contains("旧様式の申込者名").doesNotContain("申込者氏名");
		assertThat(html.select(".summary-list").text()).contains("郡山 花子");
	}

	@Test
	void otherSectionsGetNotFoundAndRolesAreEnforced() throws SQLException {
		TestSubmissions.Submitted submitted = sodaiGomi();
		TestSubmissions.Submitted own = waterPlantVisit();
		ResidentClient clerkY = StaffLogins.staff(port(), Personas.CLERK_Y);
		assertThat(clerkY.get(detail(own)).status()).isEqualTo(200);
		assertThat(clerkY.get(detail(submitted)).status()).isEqualTo(404);
		assertThat(clerkY.get(detail(submitted) + "/attachments/00000000-0000-0000-0000-000000000001").status())
			.isEqualTo(404);
		for (String action : List.of("start-review", "request-correction", "complete", "transfer", "assign", "unassign",
				"notes")) {
			ResidentClient.Response refused = clerkY.post(detail(submitted) + "/" + action,
					form("fields", "phone", "message", "x", "section", Personas.SECTION_Y, "note", "x"));
			assertThat(refused.status()).as(action).isEqualTo(404);
		}
		// deciding needs the approver role, whatever the section
		for (String action : List.of("approve", "reject")) {
			assertThat(clerkY.post(detail(submitted) + "/" + action, form("reason", "x")).status()).as(action)
				.isEqualTo(403);
		}

		for (Personas.Staff persona : List.of(Personas.DX_EDITOR, Personas.AUDITOR)) {
			ResidentClient other = StaffLogins.staff(port(), persona);
			assertThat(other.get(detail(submitted)).status()).as(persona.subject()).isEqualTo(404);
			for (String action : List.of("start-review", "request-correction", "approve", "reject", "complete",
					"transfer", "assign", "unassign", "notes")) {
				assertThat(other.post(detail(submitted) + "/" + action, form("reason", "x")).status())
					.as(persona.subject() + " " + action)
					.isEqualTo(403);
			}
			// refused by method security (recorded), not by a missing CSRF token
			assertThat(TestDatabase.get()
				.count("select count(*) from audit_event where action = 'ACCESS_DENIED' and actor_subject = '"
						+ persona.subject() + "' and detail->>'path' = '" + detail(submitted) + "/approve'"))
				.isEqualTo(1);
		}

		ResidentClient clerkX = StaffLogins.staff(port(), Personas.CLERK_X);
		clerkX.get(detail(submitted));
		assertThat(clerkX.post(detail(submitted) + "/start-review", form()).status()).isEqualTo(303);
		assertThat(clerkX.post(detail(submitted) + "/approve", form()).status()).isEqualTo(403);
		assertThat(status(submitted)).isEqualTo("IN_REVIEW");
		ResidentClient approver = StaffLogins.staff(port(), Personas.APPROVER_X);
		approver.get(detail(submitted));
		assertThat(approver.post(detail(submitted) + "/approve", form()).status()).isEqualTo(303);
		assertThat(status(submitted)).isEqualTo("APPROVED");
		assertThat(TestDatabase.get()
			.count("select count(*) from submission_event where submission_id = '" + submitted.submissionId() + "'"))
			.as("nothing the refused posts tried happened")
			.isEqualTo(2);
	}

	@Test
	void fullWorkflowThroughTheScreen() throws SQLException {
		TestSubmissions.Submitted submitted = sodaiGomi();
		String id = submitted.submissionId();
		ResidentClient clerk = StaffLogins.staff(port(), Personas.CLERK_X);
		clerk.get(detail(submitted));

		ResidentClient.Response started = clerk.post(detail(submitted) + "/start-review", form());
		assertThat(started.status()).isEqualTo(303);
		assertThat(started.location()).endsWith(detail(submitted) + "?done=start-review");
		Document afterStart = clerk.get(started.location()).html();
		assertThat(afterStart.select(".notice").text()).isEqualTo("審査を開始しました。");
		assertThat(afterStart.select(".case-facts").text()).contains("審査中");

		// refused: no fields ticked; the message typed stays
		ResidentClient.Response noFields = clerk.post(detail(submitted) + "/request-correction",
				form("message", "電話番号が1桁足りないようです。"));
		assertThat(noFields.status()).isEqualTo(422);
		Document refused = noFields.html();
		assertThat(refused.select("#error-summary").text()).contains("直してもらう項目を1つ以上選んでください。");
		assertThat(refused.select("#correction-message").text()).isEqualTo("電話番号が1桁足りないようです。");
		assertThat(status(submitted)).isEqualTo("IN_REVIEW");

		ResidentClient.Response requested = clerk.post(detail(submitted) + "/request-correction",
				form("fields", "phone", "message", "電話番号が1桁足りないようです。"));
		assertThat(requested.status()).isEqualTo(303);
		assertThat(status(submitted)).isEqualTo("CORRECTION_REQUESTED");
		Document correction = clerk.get(requested.location()).html();
		assertThat(correction.select(".correction-box").text()).contains("電話番号（日中連絡がとれる番号）")
			.contains("電話番号が1桁足りないようです。")
			.contains("環境 一郎");
		assertThat(correction.select("table.history tbody tr")).hasSize(2);
		assertThat(correction.select("table.history").text()).contains("審査を開始", "補正を依頼", "審査中 → 補正依頼中",
				"項目：電話番号（日中連絡がとれる番号）", "メッセージ：電話番号が1桁足りないようです。");

		// the resident's resubmission (built elsewhere), as it leaves the database
		TestDatabase.get()
			.execute(
					"""
							insert into submission_revision (id, submission_id, revision, answers, created_at)
							select gen_random_uuid(), id, 2, jsonb_set(answers, '{phone}', '["0249242492"]'), now()
							from submission where id = '%1$s';
							update submission set answers = (select answers from submission_revision where submission_id = '%1$s'
							    and revision = 2), revision = 2, status = 'RESUBMITTED' where id = '%1$s';
							update correction_request set resolved_at = now(), resolved_revision = 2 where submission_id = '%1$s';
							insert into submission_event (id, submission_id, action, actor_kind, from_status, to_status, created_at)
							values (gen_random_uuid(), '%1$s', 'RESUBMIT', 'RESIDENT', 'CORRECTION_REQUESTED', 'RESUBMITTED', now());
							"""
						.formatted(id));
		Document resubmitted = clerk.get(detail(submitted)).html();
		assertThat(resubmitted.select("#changes-title").text()).isEqualTo("変更された項目（第1版 → 第2版）");
		assertThat(resubmitted.select("table.changes tbody tr")).hasSize(1);
		Element change = resubmitted.selectFirst("table.changes tbody tr");
		assertThat(change.select("th").text()).isEqualTo("電話番号（日中連絡がとれる番号）");
		assertThat(change.select("td").eachText()).containsExactly("0249242491", "0249242492");
		assertThat(resubmitted.select(".summary-row.changed dt").eachText()).containsExactly("電話番号（日中連絡がとれる番号）変更あり");
		assertThat(resubmitted.select(".correction-box")).isEmpty();
		assertThat(resubmitted.select("table.history").text()).contains("申請者", "再提出");
		assertThat(resubmitted.select(".case-facts").text()).contains("第2版", "再提出");

		ResidentClient approver = StaffLogins.staff(port(), Personas.APPROVER_X);
		approver.get(detail(submitted));
		ResidentClient.Response noReason = approver.post(detail(submitted) + "/reject", form("reason", "  "));
		assertThat(noReason.status()).isEqualTo(422);
		assertThat(noReason.html().select("#reject-error").text()).isEqualTo("却下の理由を入力してください。");
		assertThat(noReason.html().select("#reject-reason").attr("aria-describedby")).contains("reject-error");
		ResidentClient.Response approved = approver.post(detail(submitted) + "/approve", form());
		assertThat(approved.status()).isEqualTo(303);
		assertThat(status(submitted)).isEqualTo("APPROVED");
		Document done = approver.get(approved.location()).html();
		assertThat(done.select(".notice").text()).isEqualTo("承認しました。");
		assertThat(done.select("form[id^=action-]").eachAttr("id")).contains("action-complete")
			.doesNotContain("action-approve", "action-reject", "action-request-correction");

		assertThat(clerk.post(detail(submitted) + "/complete", form()).status()).isEqualTo(303);
		assertThat(status(submitted)).isEqualTo("COMPLETED");
		Document completed = clerk.get(detail(submitted)).html();
		assertThat(completed.select("form[id^=action-]").eachAttr("id")).containsExactly("action-note");
		// an action the status no longer allows is refused by the server too
		ResidentClient.Response late = clerk.post(detail(submitted) + "/start-review", form());
		assertThat(late.status()).isEqualTo(422);
		assertThat(late.html().select("#error-summary").text()).contains("今の状態ではその操作はできません。");
		assertThat(TestDatabase.get()
			.count("select count(*) from outbox where aggregate_id = '" + id + "' and event_type like 'mail.%'"))
			.as("receipt, correction, decision (approve) and completion mails queued")
			.isEqualTo(4);
	}

	@Test
	void rejectionNeedsAReasonAndShowsIt() throws SQLException {
		TestSubmissions.Submitted submitted = sodaiGomi();
		ResidentClient approver = StaffLogins.staff(port(), Personas.APPROVER_X);
		approver.get(detail(submitted));
		ResidentClient.Response rejected = approver.post(detail(submitted) + "/reject",
				form("reason", "市外の住所のため収集できません。"));
		assertThat(rejected.status()).isEqualTo(303);
		assertThat(status(submitted)).isEqualTo("REJECTED");
		Document html = approver.get(detail(submitted)).html();
		assertThat(html.select(".case-facts").text()).contains("却下", "市外の住所のため収集できません。");
		assertThat(html.select("table.history").text()).contains("理由：市外の住所のため収集できません。");
	}

	@Test
	void transferMovesTheCaseToTheOtherSection() throws SQLException {
		TestSubmissions.Submitted submitted = sodaiGomi();
		ResidentClient clerkX = StaffLogins.staff(port(), Personas.CLERK_X);
		clerkX.get(detail(submitted));
		ResidentClient.Response nowhere = clerkX.post(detail(submitted) + "/transfer", form("section", ""));
		assertThat(nowhere.status()).isEqualTo(422);
		assertThat(nowhere.html().select("#transfer-error").text()).isEqualTo("回送先の課を選んでください。");

		assertThat(clerkX.post(detail(submitted) + "/assign", form()).status()).isEqualTo(303);
		assertThat(clerkX.get(detail(submitted)).html().select(".case-facts").text()).contains("環境 一郎");

		ResidentClient.Response moved = clerkX.post(detail(submitted) + "/transfer",
				form("section", Personas.SECTION_Y));
		assertThat(moved.status()).isEqualTo(303);
		assertThat(moved.location()).endsWith("/staff?done=transfer");
		assertThat(TestDatabase.get()
			.rows("select section_id || ' ' || status || ' ' || coalesce(assignee_subject, '-') from submission "
					+ "where id = '" + submitted.submissionId() + "'"))
			.containsExactly(Personas.SECTION_Y + " RECEIVED -");
		assertThat(clerkX.get(detail(submitted)).status()).isEqualTo(404);

		ResidentClient clerkY = StaffLogins.staff(port(), Personas.CLERK_Y);
		Document html = clerkY.get(detail(submitted)).html();
		assertThat(html.select(".case-facts").text()).contains("お客様サービス課", "受付", "未割当");
		assertThat(html.select("table.history").text()).contains("回送：環境政策課 → お客様サービス課");
	}

	@Test
	void assignAndUnassignAndNotes() throws SQLException {
		TestSubmissions.Submitted submitted = sodaiGomi();
		ResidentClient clerk = StaffLogins.staff(port(), Personas.CLERK_X);
		clerk.get(detail(submitted));
		assertThat(clerk.post(detail(submitted) + "/assign", form()).status()).isEqualTo(303);
		Document assigned = clerk.get(detail(submitted)).html();
		assertThat(assigned.select("form[id^=action-]").eachAttr("id")).contains("action-unassign")
			.doesNotContain("action-assign");
		assertThat(clerk.post(detail(submitted) + "/unassign", form()).status()).isEqualTo(303);
		assertThat(TestDatabase.get()
			.rows("select coalesce(assignee_subject, '-') from submission where id = '" + submitted.submissionId()
					+ "'"))
			.containsExactly("-");
		Document history = clerk.get(detail(submitted)).html();
		assertThat(history.select("table.history").text()).contains("担当：環境 一郎", "担当を外しました");

		ResidentClient.Response empty = clerk.post(detail(submitted) + "/notes", form("note", "   "));
		assertThat(empty.status()).isEqualTo(422);
		assertThat(empty.html().select("#note-error").text()).isEqualTo("メモを入力してください。");
		String note = "<script>alert(1)</script> 申請者に電話で確認済み\n2行目 ${7*7}";
		ResidentClient.Response added = clerk.post(detail(submitted) + "/notes", form("note", note));
		assertThat(added.status()).isEqualTo(303);
		ResidentClient.Response shown = clerk.get(added.location());
		assertThat(shown.body()).doesNotContain("<script>alert(1)</script>");
		assertThat(shown.html().select(".notes li").text()).contains("<script>alert(1)</script> 申請者に電話で確認済み",
				"2行目 ${7*7}", "環境 一郎");
	}

	@Test
	void attachmentsDownloadAsAttachmentsWithSafeHeaders() throws SQLException {
		TestSubmissions.Submitted submitted = TestSubmissions.submit(new ResidentClient(port()),
				definition("shisei-teian"), Map.of());
		ResidentClient clerk = StaffLogins.staff(port(), CLERK_KOUHOU);
		Document html = clerk.get(detail(submitted)).html();
		List<String> links = html.select(".attachments a").eachAttr("href");
		assertThat(links).hasSize(1);
		assertThat(html.select(".attachments a").text()).isEqualTo("申請書.pdf");
		assertThat(html.select(".summary-list a[href]").eachAttr("href")).containsExactlyElementsOf(links);

		ResidentClient.Response file = clerk.get(links.get(0));
		assertThat(file.status()).isEqualTo(200);
		assertThat(file.header("Content-Type")).isEqualTo("application/octet-stream");
		assertThat(file.header("Content-Disposition"))
			.isEqualTo("attachment; filename=\"___.pdf\"; filename*=UTF-8''%E7%94%B3%E8%AB%8B%E6%9B%B8.pdf");
		assertThat(file.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(file.header("Content-Security-Policy")).isEqualTo("sandbox; default-src 'none'");
		assertThat(file.header("Cache-Control")).isEqualTo("no-store");
		assertThat(file.body()).isEqualTo(new String(FormWalker.PDF, StandardCharsets.UTF_8));

		ResidentClient clerkX = StaffLogins.staff(port(), Personas.CLERK_X);
		assertThat(clerkX.get(links.get(0)).status()).isEqualTo(404);
		String otherAttachment = links.get(0).replaceAll("[0-9a-f-]{36}$", "00000000-0000-0000-0000-000000000002");
		assertThat(clerk.get(otherAttachment).status()).isEqualTo(404);
		// a file of the same draft that the answers no longer refer to is not handed out
		TestDatabase.get()
			.execute("update submission set answers = answers - (select field_id from attachment a join submission s "
					+ "on s.draft_id = a.draft_id where s.id = '" + submitted.submissionId() + "' limit 1) where id = '"
					+ submitted.submissionId() + "'");
		assertThat(clerk.get(links.get(0)).status()).isEqualTo(404);
		assertThat(clerk.get(detail(submitted)).html().select(".attachments a")).isEmpty();
	}

	@Test
	void keepAliveConnectionsKeepAnsweringAfterNotFound() throws SQLException {
		// Answers written from a database thread used to reach the client before the
		// request had ended; the next request on the connection then hung (Reactor Netty
		// 1.3.6), within a few hundred such requests.
		TestSubmissions.Submitted own = sodaiGomi();
		ResidentClient clerk = StaffLogins.staff(port(), Personas.CLERK_X);
		String missing = "/staff/submissions/00000000-0000-0000-0000-0000000000ff";
		for (int i = 0; i < 200; i++) {
			assertThat(clerk.get(missing).status()).isEqualTo(404);
			assertThat(clerk.get(detail(own)).status()).isEqualTo(200);
			assertThat(clerk.get(detail(own) + "/attachments/00000000-0000-0000-0000-0000000000ff").status())
				.isEqualTo(404);
		}
	}

	@Test
	void contentDispositionKeepsHeaderSyntaxForAnyName() {
		assertThat(CaseworkStaffController.Downloads.attachment("a\"b;c\\d%e\r\nf.pdf"))
			.isEqualTo("attachment; filename=\"a_b_c_d_e__f.pdf\"; filename*=UTF-8''a%22b%3Bc%5Cd%25e%0D%0Af.pdf");
		assertThat(CaseworkStaffController.Downloads.attachment(""))
			.isEqualTo("attachment; filename=\"attachment\"; filename*=UTF-8''attachment");
	}

}
