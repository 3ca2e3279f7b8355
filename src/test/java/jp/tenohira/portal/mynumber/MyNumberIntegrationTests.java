package jp.tenohira.portal.mynumber;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.mail.internet.MimeMessage;
import com.icegreen.greenmail.util.GreenMailUtil;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.casework.StaffLogins;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.MyNumberAnswer;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.submission.AnswerSheet;
import jp.tenohira.portal.submission.ApplicationService;
import jp.tenohira.portal.submission.ApplicationService.PageAction;
import jp.tenohira.portal.submission.ApplicationService.PageOutcome;
import jp.tenohira.portal.submission.Draft;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestIdentityProvider;
import jp.tenohira.portal.support.TestMail;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * My Numbers end to end on one node in the {@code all} role: S2 (who sees what), S12
 * (canary numbers through every path, errors and a database outage included, then a grep
 * of logs, responses, URLs, e-mails, exports and audit text), S13 (one audit row per
 * reveal, append-only) and S14 (only ciphertext at rest, in the column and in
 * {@code pg_dump}).
 */
@PortalIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class MyNumberIntegrationTests {

	/** A clerk of section X who also holds the My Number role. */
	static final Personas.Staff HOLDER_X = new Personas.Staff("holder-x", "番号 取扱",
			List.of("clerk", "my-number-handler"), List.of(Personas.SECTION_X));

	/** An approver of section X who also holds the My Number role. */
	static final Personas.Staff HOLDER_APPROVER_X = new Personas.Staff("holder-approver-x", "番号 課長",
			List.of("clerk", "approver", "my-number-handler"), List.of(Personas.SECTION_X));

	static final String WITHHELD = "個人番号は取扱者のみ表示できます";

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	@Autowired
	ApplicationService applications;

	@Autowired
	AnswerSheet sheet;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	ProcedureDefinition allowance() {
		return this.registry.find(MyNumberFixtures.PROCEDURE).orElseThrow();
	}

	Page claimant() {
		return allowance().page("claimant").orElseThrow();
	}

	/** A submitted application with this My Number, in section X. */
	MyNumberFixtures.Stored submitted(String number, String email) throws SQLException {
		Draft draft = MyNumberFixtures.insertDraft(allowance(), "resident-" + UUID.randomUUID());
		MyNumberFixtures.fill(this.applications, allowance(), draft.id(), number, email);
		return MyNumberFixtures.submit(draft.id(), Personas.SECTION_X, email);
	}

	static String caseUrl(MyNumberFixtures.Stored stored) {
		return "/staff/submissions/" + stored.submissionId();
	}

	static Map<String, List<String>> reveal(String purpose, String detail) {
		return form("field", MyNumberFixtures.FIELD, "purpose", purpose, "purposeDetail", detail);
	}

	@Test
	void theProcedurePageStatesTheLegalBasis() {
		ResidentClient resident = new ResidentClient(port());
		Document ja = resident.get("/procedures/" + MyNumberFixtures.PROCEDURE).html();
		assertThat(ja.getElementById("legal-basis").text()).contains("番号法", "第9条第1項", "児童手当法", "暗号化");
		Document en = resident.get("/procedures/" + MyNumberFixtures.PROCEDURE + "?lang=en").html();
		assertThat(en.getElementById("legal-basis").text()).contains("My Number Act", "Article 9(1)");
		assertThat(resident.get("/procedures/sodai-gomi").html().getElementById("legal-basis")).isNull();
	}

	// --- S2

	@Test
	void staffWithoutTheRoleGetNoTraceOfTheNumber() throws Exception {
		String number = MyNumberFixtures.canary();
		MyNumberFixtures.Stored stored = submitted(number, null);
		ResidentClient clerk = StaffLogins.staff(port(), Personas.CLERK_X);

		ResidentClient.Response page = clerk.get(caseUrl(stored));
		assertThat(page.status()).isEqualTo(200);
		Document html = page.html();
		assertThat(html.select(".summary-row").eachText()).anySatisfy((row) -> assertThat(row).contains(WITHHELD));
		assertThat(html.select("form[action$=/my-number/reveal]")).isEmpty();
		assertThat(html.text()).doesNotContain(MyNumbers.MASK);
		assertNoTrace(page.body(), number, stored);

		ResidentClient.Response csv = clerk
			.get("/staff/sections/" + Personas.SECTION_X + "/procedures/" + MyNumberFixtures.PROCEDURE + "/export.csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.body()).contains(stored.receiptNumber()).contains(WITHHELD);
		assertNoTrace(csv.body(), number, stored);

		String json = api("/api/v1/submissions/" + stored.submissionId());
		assertThat(json).contains("\"" + MyNumberFixtures.FIELD + "\":[\"" + WITHHELD + "\"]");
		assertNoTrace(json, number, stored);

		ResidentClient.Response refused = clerk.post(caseUrl(stored) + "/my-number/reveal",
				reveal("eligibility", "審査のため"));
		assertThat(refused.status()).isEqualTo(403);
		assertNoTrace(refused.body(), number, stored);
		assertThat(revealRows(stored, "SUCCESS")).isZero();
	}

	@Test
	void holdersSeeTheMaskAndRevealOnceWithAPurposeThatIsAudited() throws Exception {
		String number = MyNumberFixtures.canary();
		MyNumberFixtures.Stored stored = submitted(number, null);
		ResidentClient holder = StaffLogins.staff(port(), HOLDER_X);

		ResidentClient.Response page = holder.get(caseUrl(stored));
		assertThat(page.status()).isEqualTo(200);
		Document html = page.html();
		assertThat(html.select(".summary-row").eachText())
			.anySatisfy((row) -> assertThat(row).contains(MyNumbers.MASK));
		assertThat(html.select("form[action$=/my-number/reveal] select[name=purpose] option")).hasSizeGreaterThan(2);
		assertNoTrace(page.body(), number, stored);
		assertThat(TestDatabase.get()
			.rows("select detail ->> 'myNumber' from audit_event where action = 'SUBMISSION_VIEW' and target_id = '"
					+ stored.submissionId() + "' and actor_subject = 'holder-x'"))
			.containsExactly("masked");

		ResidentClient.Response shown = holder.post(caseUrl(stored) + "/my-number/reveal",
				reveal("eligibility", "所得照会のため"));
		assertThat(shown.status()).isEqualTo(200);
		assertThat(shown.header("Cache-Control")).contains("no-store");
		assertThat(shown.html().getElementById("revealed-number").text()).isEqualTo(MyNumbers.format(number));
		assertThat(shown.body()).doesNotContain(stored.ciphertext());
		assertThat(TestDatabase.get()
			.rows("select actor_subject || '|' || target_id || '|' || purpose || '|' || outcome || '|' || "
					+ "(detail ->> 'field') from audit_event where action = 'MY_NUMBER_REVEAL' and target_id = '"
					+ stored.submissionId() + "'"))
			.containsExactly(
					"holder-x|" + stored.submissionId() + "|eligibility: 所得照会のため|SUCCESS|" + MyNumberFixtures.FIELD);

		ResidentClient.Response after = holder.get(caseUrl(stored));
		assertThat(after.body()).doesNotContain(number).contains(MyNumbers.MASK);
	}

	@Test
	void aRevealWithoutPurposeIsRefusedAndRecordedAsFailed() throws Exception {
		String number = MyNumberFixtures.canary();
		MyNumberFixtures.Stored stored = submitted(number, null);
		ResidentClient holder = StaffLogins.staff(port(), HOLDER_X);
		holder.get(caseUrl(stored));
		for (Map<String, List<String>> post : List.of(reveal("", ""), reveal("eligibility", " "), reveal("", "審査のため"),
				reveal("made-up", "審査のため"), reveal("other", "番号 " + MyNumbers.format(number) + " の確認"))) {
			ResidentClient.Response refused = holder.post(caseUrl(stored) + "/my-number/reveal", post);
			assertThat(refused.status()).as(post.toString()).isEqualTo(422);
			assertThat(refused.html().select(".field-error").text()).isNotBlank();
			assertNoTrace(refused.body(), number, stored);
		}
		assertThat(revealRows(stored, "SUCCESS")).isZero();
		assertThat(revealRows(stored, "FAILED")).isEqualTo(5);
		assertThat(TestDatabase.get()
			.rows("select coalesce(purpose, '-') from audit_event where action = 'MY_NUMBER_REVEAL' and target_id = '"
					+ stored.submissionId() + "'"))
			.containsOnly("-");
	}

	// --- S13

	@Test
	void revealRowsCannotBeChangedOrDeletedByThePortalsDatabaseRole() throws Exception {
		MyNumberFixtures.Stored stored = submitted(MyNumberFixtures.canary(), null);
		ResidentClient holder = StaffLogins.staff(port(), HOLDER_X);
		holder.get(caseUrl(stored));
		assertThat(holder.post(caseUrl(stored) + "/my-number/reveal", reveal("inquiry", "電話での問い合わせ")).status())
			.isEqualTo(200);
		assertThat(revealRows(stored, "SUCCESS")).isOne();
		String where = " where action = 'MY_NUMBER_REVEAL' and target_id = '" + stored.submissionId() + "'";
		try (Connection app = DriverManager.getConnection(TestDatabase.get().jdbcUrl(), TestDatabase.APP_USER,
				TestDatabase.APP_PASSWORD); Statement statement = app.createStatement()) {
			assertThatThrownBy(() -> statement.executeUpdate("update audit_event set purpose = 'changed'" + where))
				.isInstanceOf(SQLException.class)
				.satisfies((ex) -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("42501"));
			assertThatThrownBy(() -> statement.executeUpdate("delete from audit_event" + where))
				.isInstanceOf(SQLException.class)
				.satisfies((ex) -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("42501"));
		}
		assertThat(TestDatabase.get().rows("select purpose from audit_event" + where))
			.containsExactly("inquiry: 電話での問い合わせ");
	}

	// --- S14

	@Test
	void atRestThereIsOnlyCiphertextInTheColumnsAndInPgDump() throws Exception {
		String number = MyNumberFixtures.canary();
		MyNumberFixtures.Stored stored = submitted(number, null);
		String draftId = TestDatabase.get()
			.rows("select draft_id from submission where id = '" + stored.submissionId() + "'")
			.get(0);
		for (String table : List.of("draft where id = '" + draftId + "'",
				"submission where id = '" + stored.submissionId() + "'",
				"submission_revision where submission_id = '" + stored.submissionId() + "'")) {
			String answers = TestDatabase.get().rows("select answers::text from " + table).get(0);
			assertThat(answers).as(table).contains(stored.ciphertext());
			MyNumberFixtures.spellings(number).forEach((s) -> assertThat(answers).as(table).doesNotContain(s));
		}

		String dump = pgDump();
		assertThat(dump).contains(stored.receiptNumber()).contains(stored.ciphertext());
		MyNumberFixtures.spellings(number).forEach((s) -> assertThat(dump).doesNotContain(s));
		assertThat(dump).as("no key in the database").doesNotContain("\"d\":\"");
	}

	// --- S12

	@Test
	void canaryNumbersReachNoLogResponseUrlMailExportOrAuditText(CapturedOutput output) throws Exception {
		long serverLogStart = serverLogLength();
		List<String> canaries = List.of(MyNumberFixtures.canary(), MyNumberFixtures.canary(),
				MyNumberFixtures.canary());
		List<String> wrong = canaries.stream().map(MyNumberFixtures::wrongCheckDigit).toList();
		List<String> typed = List.of(MyNumberFixtures.spellings(canaries.get(0)).get(3),
				MyNumberFixtures.spellings(canaries.get(1)).get(2), canaries.get(2));
		String email = "canary-" + UUID.randomUUID() + "@example.jp";
		List<String> seen = new ArrayList<>();
		List<MyNumberFixtures.Stored> stored = new ArrayList<>();

		// resident: a wrong check digit first (refused, not kept), then the number as
		// typed
		for (int i = 0; i < canaries.size(); i++) {
			Draft draft = MyNumberFixtures.insertDraft(allowance(), "canary-resident-" + i);
			Map<String, List<String>> page = MyNumberFixtures.valid(claimant());
			page.put(MyNumberFixtures.FIELD, List.of(MyNumberFixtures.spellings(wrong.get(i)).get(2)));
			assertThat(MyNumberFixtures.save(this.applications, allowance(), draft.id(), claimant(), page,
					new PageAction.Next()))
				.isEqualTo(new PageOutcome.Stay(true));
			assertThat(MyNumberFixtures.storedAnswers(draft.id())).contains(MyNumberAnswer.INVALID);
			MyNumberFixtures.fill(this.applications, allowance(), draft.id(), typed.get(i), email);
			page.put(MyNumberFixtures.FIELD, List.of(""));
			MyNumberFixtures.save(this.applications, allowance(), draft.id(), claimant(), page, new PageAction.Back());
			Draft filled = MyNumberFixtures.draft(draft.id());
			assertThat(MyNumberAnswer.isSealed(filled.answers().first(MyNumberFixtures.FIELD))).isTrue();
			// the check page and マイページ show it as 入力済み, without a digit
			this.sheet.render(allowance(), filled.answers(), Lang.JA)
				.stream()
				.flatMap((section) -> section.rows().stream())
				.filter((row) -> row.fieldId().equals(MyNumberFixtures.FIELD))
				.forEach((row) -> assertThat(row.lines()).containsExactly("入力済み"));
			stored.add(MyNumberFixtures.submit(draft.id(), Personas.SECTION_X, email));
		}

		// error paths: CSRF failure, a body too large, the database refusing the save
		ResidentClient stranger = new ResidentClient(port());
		String pagePath = "/applications/" + UUID.randomUUID() + "/pages/claimant";
		ResidentClient.Response forged = stranger.post(pagePath,
				form(MyNumberFixtures.FIELD, canaries.get(0), "_csrf", "forged"));
		assertThat(forged.status()).isEqualTo(403);
		seen.add(text(forged));
		String huge = MyNumberFixtures.FIELD + "=" + canaries.get(1) + "&pad=" + "x".repeat(13 * 1024 * 1024);
		ResidentClient.Response tooLarge = stranger.send("POST", pagePath, huge, "application/x-www-form-urlencoded");
		assertThat(tooLarge.status()).isEqualTo(413);
		seen.add(text(tooLarge));
		Draft outage = MyNumberFixtures.insertDraft(allowance(), "canary-outage");
		TestDatabase.get().execute("revoke update on draft from " + TestDatabase.APP_USER);
		try {
			Map<String, List<String>> page = MyNumberFixtures.valid(claimant());
			page.put(MyNumberFixtures.FIELD, List.of(canaries.get(2)));
			assertThatThrownBy(() -> MyNumberFixtures.save(this.applications, allowance(), outage.id(), claimant(),
					page, new PageAction.Next()))
				.satisfies((ex) -> MyNumberFixtures.spellings(canaries.get(2))
					.forEach((s) -> assertThat(String.valueOf(ex)).doesNotContain(s)));
		}
		finally {
			TestDatabase.get().execute("grant update on draft to " + TestDatabase.APP_USER);
		}

		// staff: without the role, with the role, a reveal whose audit row cannot be
		// written
		ResidentClient clerk = StaffLogins.staff(port(), Personas.CLERK_X);
		ResidentClient holder = StaffLogins.staff(port(), HOLDER_APPROVER_X);
		for (MyNumberFixtures.Stored one : stored) {
			seen.add(text(clerk.get(caseUrl(one))));
			seen.add(text(holder.get(caseUrl(one))));
			seen.add(text(holder.post(caseUrl(one) + "/my-number/reveal", reveal("", ""))));
			seen.add(text(holder.post(caseUrl(one) + "/start-review", form())));
			seen.add(text(holder.post(caseUrl(one) + "/approve", form())));
		}
		ResidentClient.Response revealed = holder.post(caseUrl(stored.get(0)) + "/my-number/reveal",
				reveal("core-system", "基幹系への登録"));
		assertThat(revealed.body()).contains(MyNumbers.format(canaries.get(0)));
		holder.get(caseUrl(stored.get(1)));
		TestDatabase.get().execute("revoke insert on audit_event from " + TestDatabase.APP_USER);
		ResidentClient.Response auditDown;
		try {
			auditDown = holder.post(caseUrl(stored.get(1)) + "/my-number/reveal", reveal("eligibility", "審査"));
		}
		finally {
			TestDatabase.get().execute("grant insert on audit_event to " + TestDatabase.APP_USER);
		}
		assertThat(auditDown.status()).isGreaterThanOrEqualTo(500);
		seen.add(text(auditDown));
		seen.add(text(clerk.get("/staff/sections/" + Personas.SECTION_X + "/procedures/" + MyNumberFixtures.PROCEDURE
				+ "/export.csv")));
		for (MyNumberFixtures.Stored one : stored) {
			seen.add(api("/api/v1/submissions/" + one.submissionId()));
		}
		seen.add(api("/api/v1/sections/" + Personas.SECTION_X + "/submissions?limit=500"));

		// e-mail: three receipts and three decisions
		List<String> mails = awaitMails(email, 6);
		assertThat(mails).hasSize(6);
		seen.addAll(mails);

		// audit text
		seen.addAll(TestDatabase.get().rows("select row_to_json(a)::text from audit_event a"));

		List<String> secrets = new ArrayList<>();
		canaries.forEach((c) -> secrets.addAll(MyNumberFixtures.spellings(c)));
		wrong.forEach((c) -> secrets.addAll(MyNumberFixtures.spellings(c)));
		String everything = String.join("\n", seen);
		String logs = output.getAll();
		for (String secret : secrets) {
			assertThat(everything).as("responses, URLs, e-mails, exports, API, audit").doesNotContain(secret);
			assertThat(logs).as("application log").doesNotContain(secret);
		}
		for (MyNumberFixtures.Stored one : stored) {
			assertThat(everything).as("no ciphertext leaves either").doesNotContain(one.ciphertext());
		}
		assertThat(logs).as("the outages were logged").containsIgnoringCase("audit_event");

		// last, as it may be skipped: the PostgreSQL server's own log
		String serverLog = serverLogSince(serverLogStart);
		for (String secret : secrets) {
			assertThat(serverLog).as("PostgreSQL server log").doesNotContain(secret);
		}
	}

	// --- helpers

	private long revealRows(MyNumberFixtures.Stored stored, String outcome) throws SQLException {
		return TestDatabase.get()
			.count("select count(*) from audit_event where action = 'MY_NUMBER_REVEAL' and target_id = '"
					+ stored.submissionId() + "' and outcome = '" + outcome + "'");
	}

	private static void assertNoTrace(String text, String number, MyNumberFixtures.Stored stored) {
		MyNumberFixtures.spellings(number).forEach((s) -> assertThat(text).doesNotContain(s));
		assertThat(text).doesNotContain(stored.ciphertext());
		assertThat(text).doesNotContain(stored.ciphertext().substring(0, stored.ciphertext().indexOf('.')));
	}

	/** A response as a whole: status, headers (redirect URLs included) and body. */
	private static String text(ResidentClient.Response response) {
		return response.status() + " " + response.headers().map() + "\n" + response.body();
	}

	private String api(String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
				.header("Authorization", "Bearer " + TestIdentityProvider.apiToken(Personas.API_CLIENT_X))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.headers().map() + "\n" + response.body();
	}

	private static List<String> awaitMails(String address, int count) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		List<String> mails = mailsTo(address);
		while (mails.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(200);
			mails = mailsTo(address);
		}
		return mails;
	}

	private static List<String> mailsTo(String address) throws Exception {
		List<String> mails = new ArrayList<>();
		for (MimeMessage message : TestMail.shared().getReceivedMessages()) {
			if (message.getAllRecipients() != null && message.getAllRecipients()[0].toString().equals(address)) {
				// as sent (encoded) and as read (decoded subject and text)
				mails.add(GreenMailUtil.getWholeMessage(message) + "\n" + message.getSubject() + "\n"
						+ message.getContent());
			}
		}
		return mails;
	}

	/** The test database as {@code pg_dump} writes it (data and schema, plain SQL). */
	private static String pgDump() throws IOException, InterruptedException {
		TestDatabase database = TestDatabase.get();
		URI jdbc = URI.create(database.jdbcUrl().substring("jdbc:".length()));
		Path out = Files.createTempFile("pg_dump", ".sql");
		try {
			ProcessBuilder builder = new ProcessBuilder("pg_dump", "--no-owner", "-h", jdbc.getHost(), "-p",
					String.valueOf(jdbc.getPort()), "-U", database.user(), "-f", out.toString(),
					jdbc.getPath().substring(1));
			builder.environment().put("PGPASSWORD", database.password());
			builder.redirectErrorStream(true);
			Process process = builder.start();
			String messages = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("pg_dump finished").isTrue();
			assertThat(process.exitValue()).as("pg_dump: " + messages).isZero();
			return Files.readString(out, StandardCharsets.UTF_8);
		}
		finally {
			Files.deleteIfExists(out);
		}
	}

	/**
	 * The PostgreSQL server's log file, when this process can read it: the collector's
	 * current file, else Debian's
	 * {@code /var/log/postgresql/postgresql-<version>-main.log}.
	 */
	private static Path serverLog() {
		try {
			List<String> current = TestDatabase.get().rows("select coalesce(pg_current_logfile(), '')");
			String dataDirectory = TestDatabase.get().rows("show data_directory").get(0);
			if (!current.isEmpty() && !current.get(0).isEmpty()) {
				Path file = Path.of(dataDirectory).resolve(current.get(0));
				if (Files.isReadable(file)) {
					return file;
				}
			}
			String version = TestDatabase.get().rows("show server_version_num").get(0);
			Path debian = Path
				.of("/var/log/postgresql/postgresql-" + (Integer.parseInt(version) / 10000) + "-main.log");
			return Files.isReadable(debian) ? debian : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	private static long serverLogLength() throws IOException {
		Path log = serverLog();
		return (log != null) ? Files.size(log) : -1;
	}

	private static String serverLogSince(long start) throws IOException {
		Path log = serverLog();
		Assumptions.assumeTrue(log != null && start >= 0,
				"The PostgreSQL server log is not readable from this process (for example inside a container), so "
						+ "only the application's log was searched.");
		try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
			long from = (file.length() >= start) ? start : 0;
			byte[] bytes = new byte[(int) Math.min(file.length() - from, 64L * 1024 * 1024)];
			file.seek(from);
			file.readFully(bytes);
			String text = new String(bytes, StandardCharsets.UTF_8);
			assertThat(text).as("the server logged the refused statements").contains("permission denied");
			return text;
		}
	}

}
