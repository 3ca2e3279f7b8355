package jp.tenohira.portal.inbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestSubmissions;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Section inboxes over real HTTP with real submissions: counts, every filter, keyset
 * paging, bulk actions with their history and audit records, who may see what, and new
 * arrivals on the live event stream.
 */
@PortalIntegrationTest
class InboxIntegrationTests {

	/** A section no other test uses, for paging through bulk rows. */
	private static final String PAGING_SECTION = "shimin-npo";

	private static final Personas.Staff PAGING_CLERK = new Personas.Staff("clerk-paging", "市民 四郎", List.of("clerk"),
			List.of(PAGING_SECTION));

	private static final Personas.Staff CLERK_XY = new Personas.Staff("clerk-xy", "兼務 五郎", List.of("clerk"),
			List.of(Personas.SECTION_X, Personas.SECTION_Y));

	private static final String KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ";

	private static final Pattern COUNT = Pattern.compile("[（(]([\\d,]+)");

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	/** A family-name prefix in katakana no other submission in this run has. */
	static String uniqueKana() {
		SecureRandom random = new SecureRandom();
		StringBuilder kana = new StringBuilder("ヌ");
		for (int i = 0; i < 5; i++) {
			kana.append(KATAKANA.charAt(random.nextInt(KATAKANA.length())));
		}
		return kana.toString();
	}

	static String hiragana(String katakana) {
		StringBuilder out = new StringBuilder();
		katakana.chars().forEach((c) -> out.append((char) ((c >= 'ァ' && c <= 'ヶ') ? c - 0x60 : c)));
		return out.toString();
	}

	TestSubmissions.Submitted submitX(String familyKana) throws SQLException {
		ProcedureDefinition sodaiGomi = this.registry.find("sodai-gomi").orElseThrow();
		return TestSubmissions.submit(new ResidentClient(port()), sodaiGomi, Map.of("applicant", Map
			.of("applicant-name.family-kana", List.of(familyKana), "applicant-name.given-kana", List.of("タロウ"))));
	}

	TestSubmissions.Submitted submitY(String familyKana) throws SQLException {
		ProcedureDefinition kengaku = this.registry.find("shisetsu-kengaku").orElseThrow();
		return TestSubmissions.submit(new ResidentClient(port()), kengaku,
				Map.of("visit", Map.of("facility", List.of("water-plant")), "group",
						Map.of("representative-name.family-kana", List.of(familyKana), "representative-name.given-kana",
								List.of("ハナコ"))));
	}

	static List<String> receipts(Document page) {
		return page.select("#inbox-rows tr a[id^=receipt-]").eachText();
	}

	static long count(Document page, String status) {
		Element link = page.selectFirst(".counts a[href$=status=" + status + "]");
		assertThat(link).as(status).isNotNull();
		Matcher number = COUNT.matcher(link.text());
		assertThat(number.find()).as(link.text()).isTrue();
		return Long.parseLong(number.group(1).replace(",", ""));
	}

	/** Posts the filter form from the section page and follows the redirect. */
	static Document filter(ResidentClient staff, String section, String... fields) {
		ResidentClient.Response page = staff.get("/staff/sections/" + section);
		assertThat(page.status()).isEqualTo(200);
		ResidentClient.Response posted = staff.post("/staff/sections/" + section + "/filter", form(fields));
		assertThat(posted.status()).isEqualTo(303);
		ResidentClient.Response list = staff.get(posted.location());
		assertThat(list.status()).as(posted.location()).isEqualTo(200);
		return list.html();
	}

	String status(String submissionId) throws SQLException {
		return TestDatabase.get().rows("select status from submission where id = '" + submissionId + "'").get(0);
	}

	@Test
	void countsAndEachFilterShowTheRightRows() throws Exception {
		ResidentClient clerk = ResidentClient.staff(port(), Personas.CLERK_X);
		Document before = clerk.get("/staff/sections/" + Personas.SECTION_X).html();
		long receivedBefore = count(before, "RECEIVED");
		long openBefore = count(before, "open");

		String kana = uniqueKana();
		TestSubmissions.Submitted x1 = submitX(kana + "ア");
		TestSubmissions.Submitted x2 = submitX(kana + "イ");
		TestSubmissions.Submitted x3 = submitX(kana + "ア");
		TestSubmissions.Submitted y1 = submitY(kana + "ア");

		Document after = clerk.get("/staff/sections/" + Personas.SECTION_X).html();
		assertThat(count(after, "RECEIVED")).isEqualTo(receivedBefore + 3);
		assertThat(count(after, "open")).isEqualTo(openBefore + 3);
		assertThat(receipts(after)).contains(x1.receiptNumber(), x2.receiptNumber(), x3.receiptNumber())
			.doesNotContain(y1.receiptNumber());
		assertThat(after.select("#inbox-rows a[href=/staff/submissions/" + x1.submissionId() + "]")).hasSize(1);

		// the name, typed in hiragana with a space, finds the katakana; section Y's stays
		// out
		ResidentClient.Response page = clerk.get("/staff/sections/" + Personas.SECTION_X);
		ResidentClient.Response posted = clerk.post("/staff/sections/" + Personas.SECTION_X + "/filter",
				form("kana", hiragana(kana.substring(0, 3)) + " " + hiragana(kana.substring(3)), "status", "open"));
		assertThat(page.status()).isEqualTo(200);
		String location = URLDecoder.decode(posted.location(), StandardCharsets.UTF_8);
		assertThat(location).doesNotContain(kana).doesNotContain(hiragana(kana)).contains("name=");
		Document byName = clerk.get(posted.location()).html();
		assertThat(receipts(byName)).containsExactly(x3.receiptNumber(), x2.receiptNumber(), x1.receiptNumber());
		assertThat(byName.getElementById("filter-kana").val()).isEqualTo(kana);
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana + "ア"))).containsExactly(x3.receiptNumber(),
				x1.receiptNumber());
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "sort", "oldest")))
			.containsExactly(x1.receiptNumber(), x2.receiptNumber(), x3.receiptNumber());

		// the audit trail names the filters, never the name searched for
		String audit = TestDatabase.get()
			.rows("select detail::text from audit_event where actor_subject = 'clerk-x' and action = 'INBOX_LIST' "
					+ "order by occurred_at desc limit 1")
			.get(0);
		assertThat(audit).contains("kana").contains("sort").doesNotContain(kana);

		// receipt number, exact; another section's number finds nothing here
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "receipt", x2.receiptNumber())))
			.containsExactly(x2.receiptNumber());
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "receipt", y1.receiptNumber()))).isEmpty();
		assertThat(filter(clerk, Personas.SECTION_X, "receipt", "<script>").getElementById("filter-problems"))
			.isNotNull();

		// procedure
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "procedure", "sodai-gomi"))).hasSize(3);
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "procedure", "shisetsu-kengaku")))
			.isEmpty();

		// received between (city dates)
		LocalDate today = LocalDate.now(CityTime.ZONE);
		assertThat(receipts(
				filter(clerk, Personas.SECTION_X, "kana", kana, "from", today.toString(), "to", today.toString())))
			.hasSize(3);
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "to", today.minusDays(1).toString())))
			.isEmpty();
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "from", today.plusDays(1).toString())))
			.isEmpty();

		// status and assignee after bulk actions
		clerk.get("/staff/sections/" + Personas.SECTION_X);
		clerk.post("/staff/sections/" + Personas.SECTION_X + "/bulk",
				form("action", "start-review", "ids", x1.submissionId()));
		clerk.get("/staff/sections/" + Personas.SECTION_X);
		clerk.post("/staff/sections/" + Personas.SECTION_X + "/bulk",
				form("action", "assign-me", "ids", x2.submissionId()));
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "status", "IN_REVIEW")))
			.containsExactly(x1.receiptNumber());
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "status", "RECEIVED")))
			.containsExactly(x3.receiptNumber(), x2.receiptNumber());
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "status", "all"))).hasSize(3);
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "status", "COMPLETED"))).isEmpty();
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "assignee", "me")))
			.containsExactly(x2.receiptNumber());
		assertThat(receipts(filter(clerk, Personas.SECTION_X, "kana", kana, "assignee", "unassigned")))
			.containsExactly(x3.receiptNumber(), x1.receiptNumber());
		Document mine = filter(clerk, Personas.SECTION_X, "kana", kana, "assignee", "me");
		assertThat(mine.select("#inbox-rows tr").get(0).text()).contains("環境 一郎");
		ResidentClient approver = ResidentClient.staff(port(), Personas.APPROVER_X);
		assertThat(receipts(filter(approver, Personas.SECTION_X, "kana", kana, "assignee", "me"))).isEmpty();

		// section Y's inbox has its own
		ResidentClient clerkY = ResidentClient.staff(port(), Personas.CLERK_Y);
		assertThat(receipts(filter(clerkY, Personas.SECTION_Y, "kana", kana))).containsExactly(y1.receiptNumber());
	}

	@Test
	void staffSeeOnlyTheirSectionsAndAuditorsNoInbox() throws Exception {
		ResidentClient clerkY = ResidentClient.staff(port(), Personas.CLERK_Y);
		assertThat(clerkY.get("/staff/sections/" + Personas.SECTION_Y).status()).isEqualTo(200);
		assertThat(clerkY.get("/staff/sections/" + Personas.SECTION_X).status()).isEqualTo(404);
		assertThat(clerkY.get("/staff/sections/no-such-section").status()).isEqualTo(404);
		clerkY.get("/staff/sections/" + Personas.SECTION_Y);
		assertThat(clerkY
			.post("/staff/sections/" + Personas.SECTION_X + "/bulk",
					form("action", "start-review", "ids", UUID.randomUUID().toString()))
			.status()).isEqualTo(404);
		clerkY.get("/staff/sections/" + Personas.SECTION_Y);
		assertThat(clerkY.post("/staff/sections/" + Personas.SECTION_X + "/filter", form("status", "all")).status())
			.isEqualTo(404);
		try (StaffEventStream events = StaffEventStream.open(port(), clerkY.cookie("session"),
				"/staff/sections/" + Personas.SECTION_X + "/events")) {
			assertThat(events.status()).isEqualTo(404);
		}

		ResidentClient auditor = ResidentClient.staff(port(), Personas.AUDITOR);
		Document start = auditor.get("/staff").html();
		assertThat(start.select("main a[href=/staff/audit]")).hasSize(1);
		assertThat(start.select(".section-list")).isEmpty();
		assertThat(auditor.get("/staff/sections/" + Personas.SECTION_X).status()).isEqualTo(403);
		try (StaffEventStream events = StaffEventStream.open(port(), auditor.cookie("session"),
				"/staff/sections/" + Personas.SECTION_X + "/events")) {
			assertThat(events.status()).isEqualTo(403);
		}
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where actor_subject = 'auditor' and action = 'ACCESS_DENIED'"))
			.isGreaterThanOrEqualTo(2);

		ResidentClient editor = ResidentClient.staff(port(), Personas.DX_EDITOR);
		assertThat(editor.get("/staff").html().select("main a[href=/procedures]")).hasSize(1);
		assertThat(editor.get("/staff/sections/" + Personas.SECTION_X).status()).isEqualTo(403);

		// one section: straight to it; several: a list with open counts
		ResidentClient clerkX = new ResidentClient(port());
		jp.tenohira.portal.support.TestIdentityProvider.nextStaff(Personas.CLERK_X.subject(), Personas.CLERK_X.name(),
				Personas.CLERK_X.roles(), Personas.CLERK_X.sections());
		clerkX.logIn("/staff");
		ResidentClient.Response landing = clerkX.get("/staff");
		assertThat(landing.status()).isEqualTo(303);
		assertThat(landing.location()).endsWith("/staff/sections/" + Personas.SECTION_X);
		ResidentClient both = ResidentClient.staff(port(), CLERK_XY);
		Document list = both.get("/staff").html();
		assertThat(list.select(".section-list a").eachAttr("href"))
			.containsExactly("/staff/sections/" + Personas.SECTION_X, "/staff/sections/" + Personas.SECTION_Y);
		assertThat(list.select(".section-list a").eachText()).containsExactly("環境政策課", "お客様サービス課");
		assertThat(list.select(".site-name small").text()).isEqualTo("兼務 五郎");
	}

	@Test
	void sectionPageCarriesLayoutTokensAndScript() {
		ResidentClient clerk = ResidentClient.staff(port(), Personas.CLERK_X);
		ResidentClient.Response response = clerk.get("/staff/sections/" + Personas.SECTION_X);
		Document page = response.html();
		assertThat(page.select(".site-name small").text()).isEqualTo(Personas.CLERK_X.name());
		assertThat(page.select("form[action$=/bulk] input[name=_csrf]")).hasSize(1);
		assertThat(page.select("form[action$=/filter] input[name=_csrf]")).hasSize(1);
		Element script = page.selectFirst("script[src=/js/inbox.js]");
		assertThat(script).isNotNull();
		String csp = response.header("Content-Security-Policy");
		assertThat(csp).contains("'nonce-" + script.attr("nonce") + "'");
		assertThat(response.header("Cache-Control")).contains("no-store");
		assertThat(page.getElementById("inbox-live").attr("data-events"))
			.isEqualTo("/staff/sections/" + Personas.SECTION_X + "/events");
		ResidentClient.Response js = clerk.get("/js/inbox.js");
		assertThat(js.status()).isEqualTo(200);
		assertThat(js.header("Content-Type")).startsWith("text/javascript");
		assertThat(js.body()).contains("EventSource").doesNotContain("innerHTML");
		assertThat(clerk.get("/js/nothing.js").status()).isEqualTo(404);
		ResidentClient.Response english = clerk.get("/staff/sections/" + Personas.SECTION_X + "?lang=en");
		assertThat(english.html().select("h1").text()).isEqualTo("Inbox of the Environmental Policy Division");
		assertThat(english.html().select("html").attr("lang")).isEqualTo("en");
		assertThat(clerk.get("/procedures?lang=en").html().select("html").attr("lang")).isEqualTo("en");
	}

	@Test
	void keysetPagingVisitsEveryRowOnce() throws Exception {
		TestSubmissions.insertBulk("sodai-gomi", PAGING_SECTION, 137);
		// a run of equal receipt times across a page boundary: the id decides
		TestDatabase.get()
			.execute("update submission set submitted_at = timestamptz '2025-06-01 09:00+09' where id in (select id "
					+ "from submission where section_id = '" + PAGING_SECTION + "' order by submitted_at desc "
					+ "offset 40 limit 30)");
		long total = TestDatabase.get()
			.count("select count(*) from submission where section_id = '" + PAGING_SECTION + "'");
		long open = TestDatabase.get()
			.count("select count(*) from submission where section_id = '" + PAGING_SECTION
					+ "' and status in ('RECEIVED', 'IN_REVIEW', 'CORRECTION_REQUESTED', 'RESUBMITTED', 'APPROVED')");
		ResidentClient clerk = ResidentClient.staff(port(), PAGING_CLERK);

		List<String> newest = walk(clerk, "/staff/sections/" + PAGING_SECTION + "?status=all");
		assertThat(newest).hasSize((int) total).doesNotHaveDuplicates();
		List<String> oldest = walk(clerk, "/staff/sections/" + PAGING_SECTION + "?status=all&sort=oldest");
		assertThat(oldest).hasSize((int) total);
		assertThat(new ArrayList<>(oldest)).isEqualTo(reversed(newest));
		List<String> openRows = walk(clerk, "/staff/sections/" + PAGING_SECTION);
		assertThat(openRows).hasSize((int) open).doesNotHaveDuplicates();
		Set<String> fromDatabase = new HashSet<>(TestDatabase.get()
			.rows("select receipt_number from submission where section_id = '" + PAGING_SECTION + "'"));
		assertThat(new HashSet<>(newest)).isEqualTo(fromDatabase);

		Document first = clerk.get("/staff/sections/" + PAGING_SECTION + "?status=all").html();
		assertThat(count(first, "all")).isEqualTo(total);
		String next = first.selectFirst("a[rel=next]").attr("href");
		assertThat(next).contains("after=").contains("status=all").doesNotContain("offset");
		assertThat(clerk.get(next).html().select("nav.paging a").eachText()).contains("最初のページへ");
		// a cursor that is not one of ours is ignored: the first page
		assertThat(receipts(clerk.get("/staff/sections/" + PAGING_SECTION + "?status=all&after=%27%3B--").html()))
			.isEqualTo(receipts(first));
	}

	private static List<String> reversed(List<String> list) {
		List<String> copy = new ArrayList<>(list);
		java.util.Collections.reverse(copy);
		return copy;
	}

	private static List<String> walk(ResidentClient clerk, String start) {
		List<String> seen = new ArrayList<>();
		String url = start;
		for (int page = 0; page < 20 && url != null; page++) {
			Document html = clerk.get(url).html();
			List<String> rows = receipts(html);
			assertThat(rows.size()).isLessThanOrEqualTo(50);
			seen.addAll(rows);
			Element next = html.selectFirst("a[rel=next]");
			url = (next != null) ? next.attr("href") : null;
			if (url != null) {
				assertThat(rows).hasSize(50);
			}
		}
		return seen;
	}

	@Test
	void bulkActionsChangeOnlyWhatTheyMayAndRecordIt() throws Exception {
		String kana = uniqueKana();
		TestSubmissions.Submitted a = submitX(kana + "ア");
		TestSubmissions.Submitted b = submitX(kana + "イ");
		TestSubmissions.Submitted other = submitY(kana + "ウ");
		ResidentClient clerk = ResidentClient.staff(port(), Personas.CLERK_X);
		clerk.get("/staff/sections/" + Personas.SECTION_X);
		clerk.post("/staff/sections/" + Personas.SECTION_X + "/bulk",
				form("action", "start-review", "ids", b.submissionId()));
		assertThat(status(b.submissionId())).isEqualTo("IN_REVIEW");

		// without the CSRF token nothing happens
		assertThat(clerk
			.post("/staff/sections/" + Personas.SECTION_X + "/bulk",
					form("_csrf", "forged", "action", "start-review", "ids", a.submissionId()))
			.status()).isEqualTo(403);
		assertThat(status(a.submissionId())).isEqualTo("RECEIVED");

		clerk.get("/staff/sections/" + Personas.SECTION_X + "?status=all");
		ResidentClient.Response done = clerk.post("/staff/sections/" + Personas.SECTION_X + "/bulk?status=all",
				form("action", "start-review", "ids", a.submissionId(), "ids", b.submissionId(), "ids",
						other.submissionId(), "ids", UUID.randomUUID().toString(), "ids", "not-a-uuid"));
		assertThat(done.status()).isEqualTo(303);
		assertThat(done.location()).contains("status=all").contains("updated=1").contains("skipped=3");
		assertThat(status(a.submissionId())).isEqualTo("IN_REVIEW");
		assertThat(status(other.submissionId())).isEqualTo("RECEIVED");
		Document shown = clerk.get(done.location()).html();
		assertThat(shown.getElementById("bulk-result").text()).contains("1件を更新しました").contains("3件は今の状態または権限では変更できない");

		assertThat(TestDatabase.get()
			.count("select count(*) from submission_event where submission_id = '" + a.submissionId()
					+ "' and action = 'START_REVIEW' and actor_subject = 'clerk-x' and to_status = 'IN_REVIEW'"))
			.isEqualTo(1);
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where action = 'STATUS_CHANGE' and target_id = '"
					+ a.submissionId() + "' and actor_subject = 'clerk-x' and section_id = '" + Personas.SECTION_X
					+ "'"))
			.isEqualTo(1);
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where action = 'STATUS_CHANGE' and target_id = '"
					+ other.submissionId() + "'"))
			.isZero();

		// assignment: both; then unassign; completing needs an approved case
		clerk.get("/staff/sections/" + Personas.SECTION_X);
		assertThat(clerk
			.post("/staff/sections/" + Personas.SECTION_X + "/bulk",
					form("action", "assign-me", "ids", a.submissionId(), "ids", b.submissionId()))
			.location()).contains("updated=2").contains("skipped=0");
		assertThat(TestDatabase.get()
			.rows("select assignee_subject || ' ' || assignee_name from submission where id in ('" + a.submissionId()
					+ "', '" + b.submissionId() + "')"))
			.containsOnly("clerk-x 環境 一郎");
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where action = 'STATUS_CHANGE' and target_id in ('"
					+ a.submissionId() + "', '" + b.submissionId() + "') and detail->>'action' = 'ASSIGN'"))
			.isEqualTo(2);
		clerk.get("/staff/sections/" + Personas.SECTION_X);
		assertThat(clerk
			.post("/staff/sections/" + Personas.SECTION_X + "/bulk",
					form("action", "unassign", "ids", a.submissionId()))
			.location()).contains("updated=1");
		assertThat(TestDatabase.get()
			.count("select count(*) from submission where id = '" + a.submissionId()
					+ "' and assignee_subject is null"))
			.isEqualTo(1);
		clerk.get("/staff/sections/" + Personas.SECTION_X);
		assertThat(clerk
			.post("/staff/sections/" + Personas.SECTION_X + "/bulk",
					form("action", "complete", "ids", a.submissionId()))
			.location()).contains("updated=0").contains("skipped=1");
		clerk.get("/staff/sections/" + Personas.SECTION_X);
		assertThat(clerk.post("/staff/sections/" + Personas.SECTION_X + "/bulk", form("action", "start-review"))
			.location()).contains("bulk=none");
	}

	@Test
	void arrivalsReachTheSectionsEventStreamOnly() throws Exception {
		ResidentClient clerkX = ResidentClient.staff(port(), Personas.CLERK_X);
		ResidentClient clerkY = ResidentClient.staff(port(), Personas.CLERK_Y);
		try (StaffEventStream x = StaffEventStream.open(port(), clerkX.cookie("session"),
				"/staff/sections/" + Personas.SECTION_X + "/events");
				StaffEventStream y = StaffEventStream.open(port(), clerkY.cookie("session"),
						"/staff/sections/" + Personas.SECTION_Y + "/events")) {
			assertThat(x.status()).isEqualTo(200);
			assertThat(x.contentType()).startsWith("text/event-stream");
			assertThat(x.await((line) -> line.startsWith(":connected"), Duration.ofSeconds(10))).isNotNull();
			assertThat(y.await((line) -> line.startsWith(":connected"), Duration.ofSeconds(10))).isNotNull();

			String kana = uniqueKana();
			long started = System.nanoTime();
			TestSubmissions.Submitted arrived = submitX(kana);
			String data = x.await((line) -> line.startsWith("data:") && line.contains(arrived.receiptNumber()),
					Duration.ofSeconds(10));
			long millis = (System.nanoTime() - started) / 1_000_000;
			assertThat(data).as("arrival on the stream; lines: %s", x.seen()).isNotNull();
			assertThat(x.seen()).contains("event:arrival");
			assertThat(data).contains("\"id\":\"" + arrived.submissionId() + "\"")
				.contains("\"procedureTitle\":\"粗大ごみ収集の申込\"")
				.contains("\"status\":\"RECEIVED\"")
				.contains("\"url\":\"/staff/submissions/" + arrived.submissionId() + "\"")
				.doesNotContain(kana)
				.doesNotContain("タロウ");
			System.out.println("Arrival reached the event stream " + millis + " ms after the submit began");

			// a change in section X goes to X's stream as a change
			clerkX.get("/staff/sections/" + Personas.SECTION_X);
			clerkX.post("/staff/sections/" + Personas.SECTION_X + "/bulk",
					form("action", "start-review", "ids", arrived.submissionId()));
			assertThat(x.await((line) -> line.startsWith("data:") && line.contains(arrived.receiptNumber())
					&& line.contains("IN_REVIEW"), Duration.ofSeconds(10)))
				.isNotNull();
			assertThat(x.seen()).contains("event:change");

			// section Y heard nothing of it
			assertThat(y.await((line) -> line.contains(arrived.receiptNumber()), Duration.ofSeconds(1))).isNull();
		}
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where actor_subject = 'clerk-x' and action = 'INBOX_SUBSCRIBE' "
					+ "and section_id = '" + Personas.SECTION_X + "'"))
			.isGreaterThanOrEqualTo(1);
	}

}
