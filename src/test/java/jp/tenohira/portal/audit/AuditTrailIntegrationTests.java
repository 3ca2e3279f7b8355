package jp.tenohira.portal.audit;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

import jp.tenohira.portal.casework.StaffLogins;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestSubmissions;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail of casework: exactly one record per view, download, status change and
 * note, with who, what, which case and how it ended; the auditor's screen finds them by
 * receipt number and by actor, pages by keyset, and records each search; the portal's own
 * database role can neither change nor remove a record.
 */
@PortalIntegrationTest
class AuditTrailIntegrationTests {

	static final Personas.Staff CLERK_KOUHOU = new Personas.Staff("clerk-kouhou", "広報 四郎", List.of("clerk"),
			List.of("kouchou-kouhou"));

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	@Autowired
	DatabaseClient db;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	static long count(String where) throws SQLException {
		return TestDatabase.get().count("select count(*) from audit_event where " + where);
	}

	@Test
	void oneRecordPerViewDownloadStatusChangeAndNote() throws SQLException {
		TestSubmissions.Submitted submitted = TestSubmissions.submit(new ResidentClient(port()),
				this.registry.find("shisei-teian").orElseThrow(), Map.of());
		String id = submitted.submissionId();
		String path = "/staff/submissions/" + id;
		String about = "target_type = 'submission' and target_id = '" + id + "'";
		ResidentClient clerk = StaffLogins.staff(port(), CLERK_KOUHOU);

		Document page = clerk.get(path).html();
		assertThat(count(about)).isEqualTo(1);
		assertThat(TestDatabase.get()
			.rows("select concat_ws('|', actor_kind, actor_subject, actor_name, action, section_id, outcome, "
					+ "detail->>'receiptNumber') from audit_event where " + about))
			.containsExactly(
					"STAFF|clerk-kouhou|広報 四郎|SUBMISSION_VIEW|kouchou-kouhou|SUCCESS|" + submitted.receiptNumber());
		assertThat(TestDatabase.get().rows("select actor_issuer from audit_event where " + about).get(0))
			.endsWith("/staff");

		String download = page.select(".attachments a").attr("href");
		assertThat(clerk.get(download).status()).isEqualTo(200);
		assertThat(count(about + " and action = 'ATTACHMENT_DOWNLOAD'")).isEqualTo(1);
		assertThat(TestDatabase.get()
			.rows("select detail->>'attachmentId' from audit_event where " + about
					+ " and action = 'ATTACHMENT_DOWNLOAD'"))
			.containsExactly(download.replaceAll(".*/", ""));

		assertThat(clerk.post(path + "/start-review", form()).status()).isEqualTo(303);
		assertThat(count(about + " and action = 'STATUS_CHANGE'")).isEqualTo(1);
		assertThat(TestDatabase.get()
			.rows("select concat_ws('|', actor_subject, outcome, detail->>'action', detail->>'from', detail->>'to') "
					+ "from audit_event where " + about + " and action = 'STATUS_CHANGE'"))
			.containsExactly("clerk-kouhou|SUCCESS|START_REVIEW|RECEIVED|IN_REVIEW");

		assertThat(clerk.post(path + "/notes", form("note", "確認しました")).status()).isEqualTo(303);
		assertThat(count(about + " and action = 'NOTE_ADD'")).isEqualTo(1);
		assertThat(count(about + " and action = 'SUBMISSION_VIEW'")).isEqualTo(1);
		assertThat(count(about)).isEqualTo(4);

		// a refused command is recorded as failed; the screen shown again is a view
		assertThat(clerk.post(path + "/transfer", form("section", "")).status()).isEqualTo(422);
		assertThat(count(about + " and action = 'STATUS_CHANGE' and outcome = 'FAILED'")).isEqualTo(1);
		assertThat(count(about + " and action = 'SUBMISSION_VIEW'")).isEqualTo(2);

		// another section's clerk: refused and recorded as denied, nothing shown
		ResidentClient clerkX = StaffLogins.staff(port(), Personas.CLERK_X);
		assertThat(clerkX.get(path).status()).isEqualTo(404);
		assertThat(clerkX.get(download).status()).isEqualTo(404);
		assertThat(count(about + " and actor_subject = 'clerk-x' and outcome = 'DENIED'")).isEqualTo(2);
		assertThat(count(about + " and actor_subject = 'clerk-x' and outcome = 'SUCCESS'")).isZero();
	}

	@Test
	void auditorsFindRecordsByReceiptNumberAndByActor() throws SQLException {
		TestSubmissions.Submitted submitted = TestSubmissions.submit(new ResidentClient(port()),
				this.registry.find("sodai-gomi").orElseThrow(), Map.of());
		String path = "/staff/submissions/" + submitted.submissionId();
		ResidentClient clerk = StaffLogins.staff(port(), Personas.CLERK_X);
		clerk.get(path);
		clerk.post(path + "/start-review", form());
		clerk.post(path + "/notes", form("note", "メモ"));
		// an API call recorded by route names the case by its receipt number
		TestDatabase.get()
			.execute("insert into audit_event (id, occurred_at, actor_kind, actor_subject, actor_name, action, "
					+ "target_type, target_id, outcome) values (gen_random_uuid(), now(), 'API', 'core-kankyou', "
					+ "'core-kankyou', 'API_CALL', 'route', '/api/v1/submissions/" + submitted.receiptNumber()
					+ "/status', 'SUCCESS')");

		ResidentClient auditor = StaffLogins.staff(port(), Personas.AUDITOR);
		long searches = count("action = 'AUDIT_SEARCH'");
		ResidentClient.Response byReceipt = auditor.get("/staff/audit?target=" + submitted.receiptNumber());
		assertThat(byReceipt.status()).isEqualTo(200);
		Document html = byReceipt.html();
		assertThat(html.select(".audit-results tbody tr .audit-action").eachText()).containsExactly("API呼び出し", "メモの追加",
				"状態の変更", "申請の閲覧");
		assertThat(html.select(".audit-results .audit-receipt").eachText()).containsOnly(submitted.receiptNumber())
			.hasSize(3);
		assertThat(html.select(".audit-results .audit-who").eachText()).element(1)
			.asString()
			.contains("環境 一郎", "clerk-x", "職員");
		assertThat(html.select(".audit-results .audit-detail").eachText())
			.anyMatch((d) -> d.contains("action=START_REVIEW") && d.contains("to=IN_REVIEW"));
		assertThat(html.select(".audit-results .audit-when").eachText())
			.allMatch((t) -> t.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"));
		assertThat(html.select(".meta").text()).contains(submitted.submissionId());
		assertThat(count("action = 'AUDIT_SEARCH'")).isEqualTo(searches + 1);
		assertThat(TestDatabase.get()
			.rows("select concat_ws('|', actor_subject, detail->>'target') from audit_event where action = "
					+ "'AUDIT_SEARCH' order by occurred_at desc limit 1"))
			.containsExactly("auditor|" + submitted.receiptNumber());

		// by id: the same records
		Document byId = auditor.get("/staff/audit?target=" + submitted.submissionId()).html();
		assertThat(byId.select(".audit-results tbody tr")).hasSize(4);

		Document byActor = auditor
			.get("/staff/audit?actor=clerk-x&action=STATUS_CHANGE&outcome=SUCCESS&section=" + Personas.SECTION_X)
			.html();
		assertThat(byActor.select(".audit-results tbody tr")).isNotEmpty()
			.allSatisfy((row) -> assertThat(row.text()).contains("clerk-x", "状態の変更", "成功", "環境政策課"));
		assertThat(byActor.select("#audit-action option[selected]").attr("value")).isEqualTo("STATUS_CHANGE");

		Document noneToday = auditor.get("/staff/audit?target=" + submitted.receiptNumber() + "&to=2000-01-01").html();
		assertThat(noneToday.select(".audit-results tbody tr")).isEmpty();
		Document badDate = auditor.get("/staff/audit?from=yesterday&action=NOPE").html();
		assertThat(badDate.select(".error-summary li").eachText()).hasSize(2);
		assertThat(count("action = 'AUDIT_SEARCH'")).isEqualTo(searches + 5);

		// only auditors
		assertThat(clerk.get("/staff/audit").status()).isEqualTo(403);
	}

	@Test
	void keysetPagingWalksEveryRecordOnce() throws SQLException {
		TestDatabase.get().execute("""
				insert into audit_event (id, occurred_at, actor_kind, actor_subject, actor_name, action, target_type,
				    target_id, outcome)
				select gen_random_uuid(), timestamptz '2026-01-01 09:00:00+09' + (g / 3) * interval '1 second', 'STAFF',
				    'paging-test', 'ページ 送り', 'SUBMISSION_VIEW', 'submission', 'paging-' || g, 'SUCCESS'
				from generate_series(1, 123) g
				""");
		ResidentClient auditor = StaffLogins.staff(port(), Personas.AUDITOR);
		List<String> seen = new java.util.ArrayList<>();
		String next = "/staff/audit?actor=paging-test";
		int pages = 0;
		while (next != null) {
			Document page = auditor.get(next).html();
			List<String> targets = page.select(".audit-target-id").eachText();
			assertThat(targets.size()).isLessThanOrEqualTo(50);
			seen.addAll(targets);
			pages++;
			next = page.select("a[rel=next]").isEmpty() ? null : page.select("a[rel=next]").attr("href");
			if (pages > 1) {
				assertThat(page.select(".pager a").eachText()).contains("最初のページ");
			}
		}
		assertThat(pages).isEqualTo(3);
		assertThat(seen).hasSize(123).doesNotHaveDuplicates();
		assertThat(seen.get(0)).isIn("paging-123", "paging-122", "paging-121");
	}

	@Test
	void thePortalsDatabaseRoleCannotChangeOrRemoveRecords() throws SQLException {
		assertThat(TestDatabase.get().count("select count(*) from audit_event")).isPositive();
		String user = this.db.sql("select current_user as u").map((row) -> row.get("u", String.class)).one().block();
		assertThat(user).isEqualTo(TestDatabase.APP_USER);
		long before = TestDatabase.get().count("select count(*) from audit_event");
		for (String sql : List.of("update audit_event set outcome = 'FAILED'", "delete from audit_event",
				"truncate audit_event")) {
			assertThatThrownBy(() -> this.db.sql(sql).fetch().rowsUpdated().block()).as(sql)
				.hasMessageContaining("permission denied");
		}
		assertThat(TestDatabase.get().count("select count(*) from audit_event")).isEqualTo(before);
		assertThat(TestDatabase.get().count("select count(*) from audit_event where outcome = 'FAILED'"))
			.isLessThan(before);
		// and the triggers refuse it even to the owner
		assertThatThrownBy(() -> TestDatabase.get().execute("delete from audit_event"))
			.hasMessageContaining("append-only");
	}

}
