package jp.tenohira.portal.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestIdentityProvider;
import jp.tenohira.portal.support.TestSubmissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV export end to end: 10,000 submissions stream from PostgreSQL while the client reads
 * (the query is still running after the first line arrived), in UTF-8 with a BOM and in
 * Windows-31J, with formula injection neutralised (S9), for clerks of the section only,
 * and audited before the first byte.
 */
@PortalIntegrationTest
class ExportIntegrationTests {

	/** 原子力災害総合対策課: no procedure routes there and no other test uses it. */
	static final String BULK_SECTION = "genshiryoku-saigai";

	/** 雇用政策課: the S9 test's own section. */
	static final String INJECTION_SECTION = "koyou-seisaku";

	/** 防災危機管理課: the Shift_JIS test's own section. */
	static final String CHARACTERS_SECTION = "bousai-kiki-kanri";

	static final int BULK = 10_000;

	static final Personas.Staff CLERK = new Personas.Staff("clerk-export", "輸出 四郎", List.of("clerk"),
			List.of(BULK_SECTION, INJECTION_SECTION, CHARACTERS_SECTION));

	private static boolean loaded;

	@Autowired
	Environment environment;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	@BeforeEach
	void bulkSubmissions() throws SQLException {
		synchronized (ExportIntegrationTests.class) {
			if (loaded) {
				return;
			}
			TestSubmissions.insertBulk("sodai-gomi", BULK_SECTION, BULK);
			// Real answers make real rows: a long note on every one (about 3 KB each, so
			// the file is far larger than any socket buffer), and a full set on a few.
			TestDatabase.get()
				.execute("begin; set local session_replication_role = replica; "
						+ "update submission set answers = jsonb_build_object('notes', jsonb_build_array(repeat('粗大ごみ', 250)), "
						+ "'collection-method', jsonb_build_array('doorstep')) where section_id = '" + BULK_SECTION
						+ "'; commit");
			TestDatabase.get()
				.execute("begin; set local session_replication_role = replica; "
						+ "update submission set answers = answers || jsonb_build_object("
						+ "'applicant-name.family', jsonb_build_array('髙橋'), 'applicant-name.given', jsonb_build_array('①子'), "
						+ "'items[0].item-name', jsonb_build_array('𠮷野家の椅子'), 'items[0].quantity', jsonb_build_array('2'), "
						+ "'floor', jsonb_build_array('2f'), 'consent', jsonb_build_array('true')) "
						+ "where id in (select id from submission where section_id = '" + BULK_SECTION
						+ "' order by submitted_at limit 3); commit");
			loaded = true;
		}
	}

	@Test
	void tenThousandSubmissionsStreamWhileTheClientReads() throws Exception {
		ResidentClient clerk = staff(CLERK);
		LiveHeap heap = LiveHeap.start();
		long started = System.nanoTime();
		HttpResponse<InputStream> response = download(clerk, BULK_SECTION, "sodai-gomi", "encoding=utf-8");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).contains("text/csv; charset=UTF-8");
		assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
		assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
			.startsWith("attachment; filename=\"sodai-gomi_")
			.contains("filename*=UTF-8''%E7%B2%97%E5%A4%A7"); // 粗大
		Path file = Files.createTempFile("export", ".csv");
		try (InputStream body = response.body()) {
			byte[] bom = body.readNBytes(3);
			assertThat(bom).containsExactly(0xEF, 0xBB, 0xBF);
			String header = readLine(body);
			assertThat(header).startsWith("\"受付番号\",\"受付日時\",\"状態\",\"版\",\"改訂\",\"申込者氏名（姓）\"");
			// The client has read one line. PostgreSQL has started the export and is
			// waiting for the portal to ask for more rows, and still is a while later:
			// the
			// rows are read as the client downloads them, not gathered in memory first.
			awaitExportQueryActive(Duration.ofSeconds(10));
			Thread.sleep(500);
			assertThat(exportQueryStates()).as("export statement, the client still at line 1")
				.containsExactly("active");
			assertThat(TestDatabase.get()
				.count("select count(*) from audit_event where action = 'EXPORT' and section_id = '" + BULK_SECTION
						+ "' and actor_subject = '" + CLERK.subject() + "' and target_id = 'sodai-gomi' "
						+ "and detail ->> 'encoding' = 'utf-8'"))
				.as("audited before the data")
				.isGreaterThanOrEqualTo(1);
			try (OutputStream out = Files.newOutputStream(file)) {
				out.write((header + "\r\n").getBytes(StandardCharsets.UTF_8));
				body.transferTo(out);
			}
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		long peakLiveGrowth = heap.stop();
		List<List<String>> parsed = CsvReader.parse(Files.readString(file, StandardCharsets.UTF_8));
		long size = Files.size(file);
		Files.delete(file);
		assertThat(parsed).hasSize(BULK + 1);
		int columns = parsed.get(0).size();
		assertThat(parsed).allSatisfy((record) -> assertThat(record).hasSize(columns));
		assertThat(parsed.get(1).get(0)).startsWith("T");
		assertThat(parsed.get(1)).contains("髙橋", "①子", "𠮷野家の椅子", "2階", "同意");
		assertThat(parsed.get(BULK).get(columns - 2)).isEqualTo("粗大ごみ".repeat(250));
		assertThat(parsed.stream().skip(1).map((r) -> r.get(0)).distinct().count()).isEqualTo(BULK);
		assertThat(exportQueryStates()).isEmpty();
		System.out.printf(
				"CSV export: %d records, %.1f MB in %d ms; peak live heap growth during the download " + "%.1f MB%n",
				BULK, size / 1024.0 / 1024.0, millis, peakLiveGrowth / 1024.0 / 1024.0);
		// Gathering the rows would hold them all (several times the file as Java
		// strings).
		assertThat(peakLiveGrowth).as("live heap growth while streaming").isLessThan(size / 2);
	}

	@Test
	void anAbandonedDownloadEndsItsQueryAndFreesItsConnection() throws Exception {
		ResidentClient clerk = staff(CLERK);
		HttpResponse<InputStream> response = download(clerk, BULK_SECTION, "sodai-gomi", "");
		assertThat(response.statusCode()).isEqualTo(200);
		try (InputStream body = response.body()) {
			assertThat(readLine(body)).contains("受付番号");
			awaitExportQueryActive(Duration.ofSeconds(10));
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (!exportQueryStates().isEmpty()) {
			// neither running nor idle in its transaction: rolled back, connection back
			// in the pool
			assertThat(System.nanoTime()).as("the export statement ends when the client goes").isLessThan(deadline);
			Thread.sleep(50);
		}
		HttpResponse<InputStream> next = download(clerk, INJECTION_SECTION, "sodai-gomi", "");
		assertThat(next.statusCode()).isEqualTo(200);
		try (InputStream body = next.body()) {
			assertThat(CsvReader.parse(new String(body.readAllBytes(), StandardCharsets.UTF_8).substring(1)))
				.isNotEmpty();
		}
	}

	@Test
	void aFewExportsRunAtOnceAndMoreAreAskedToComeBack() throws Exception {
		ResidentClient clerk = staff(CLERK);
		List<InputStream> stalled = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				HttpResponse<InputStream> response = download(clerk, BULK_SECTION, "sodai-gomi", "");
				assertThat(response.statusCode()).isEqualTo(200);
				stalled.add(response.body());
				assertThat(readLine(response.body())).contains("受付番号");
			}
			this.retryWhenBusy = false;
			HttpResponse<InputStream> fifth = download(clerk, INJECTION_SECTION, "sodai-gomi", "");
			this.retryWhenBusy = true;
			assertThat(fifth.statusCode()).isEqualTo(503);
			assertThat(fifth.headers().firstValue("Retry-After")).contains("30");
		}
		finally {
			for (InputStream body : stalled) {
				body.close();
			}
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (true) {
			HttpResponse<InputStream> again = download(clerk, INJECTION_SECTION, "sodai-gomi", "");
			if (again.statusCode() == 200) {
				again.body().close();
				break;
			}
			assertThat(System.nanoTime()).as("exports possible again").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	/**
	 * The live heap (after a full collection) sampled during a download: its growth over
	 * the start is what the server keeps, not what it churns through.
	 */
	static final class LiveHeap {

		private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong peak = new AtomicLong();

		private long baseline;

		private Thread sampler;

		static LiveHeap start() {
			LiveHeap heap = new LiveHeap();
			heap.baseline = heap.live();
			heap.peak.set(heap.baseline);
			heap.sampler = new Thread(() -> {
				while (heap.running.get()) {
					heap.peak.accumulateAndGet(heap.live(), Math::max);
					try {
						Thread.sleep(200);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "live-heap-sampler");
			heap.sampler.setDaemon(true);
			heap.sampler.start();
			return heap;
		}

		private long live() {
			System.gc();
			return this.memory.getHeapMemoryUsage().getUsed();
		}

		long stop() throws InterruptedException {
			this.running.set(false);
			this.sampler.join();
			return this.peak.get() - this.baseline;
		}

	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b; (b = in.read()) != -1;) {
			if (b == '\n') {
				break;
			}
			line.write(b);
		}
		String text = line.toString(StandardCharsets.UTF_8);
		return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
	}

	private static void awaitExportQueryActive(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!exportQueryStates().contains("active")) {
			assertThat(System.nanoTime()).as("the export statement never ran").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	@Test
	void shiftJisDownloadsDecodeAsWindows31j() throws Exception {
		ResidentClient clerk = staff(CLERK);
		HttpResponse<InputStream> response = download(clerk, BULK_SECTION, "sodai-gomi",
				"encoding=shift_jis&from=2000-01-01&status=RECEIVED");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).contains("text/csv; charset=Shift_JIS");
		byte[] bytes;
		try (InputStream body = response.body()) {
			bytes = body.readAllBytes();
		}
		assertThat(bytes[0]).isEqualTo((byte) '"');
		String text = new String(bytes, Charset.forName("windows-31j"));
		List<List<String>> parsed = CsvReader.parse(text);
		assertThat(parsed.get(0).subList(0, 3)).containsExactly("受付番号", "受付日時", "状態");
		assertThat(parsed).hasSize(1 + BULK / 4);
		assertThat(parsed.stream().skip(1)).allSatisfy((record) -> assertThat(record.get(2)).isEqualTo("受付"));

		TestSubmissions.insertBulk("sodai-gomi", CHARACTERS_SECTION, 1);
		TestDatabase.get()
			.execute("update submission set answers = jsonb_build_object('applicant-name.family', "
					+ "jsonb_build_array('髙橋'), 'applicant-name.given', jsonb_build_array('①子'), "
					+ "'items[0].item-name', jsonb_build_array('𠮷野家の椅子 ㈱'), 'notes', jsonb_build_array('9時〜17時 −5')) "
					+ "where section_id = '" + CHARACTERS_SECTION + "'");
		HttpResponse<InputStream> characters = download(clerk, CHARACTERS_SECTION, "sodai-gomi", "encoding=sjis");
		assertThat(characters.statusCode()).isEqualTo(200);
		List<String> record;
		try (InputStream body = characters.body()) {
			record = CsvReader.parse(new String(body.readAllBytes(), Charset.forName("windows-31j"))).get(1);
		}
		assertThat(record).contains("髙橋", "①子", "〓野家の椅子 ㈱", "9時～17時 －5");
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where action = 'EXPORT' and section_id = '" + BULK_SECTION
					+ "' and detail ->> 'encoding' = 'shift_jis' and detail ->> 'status' = 'RECEIVED' "
					+ "and detail ->> 'from' = '2000-01-01'"))
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void formulaInjectionIsNeutralisedAndQuoted() throws Exception {
		List<String> dangerous = List.of("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "a\"b", "a,b",
				"line\nbreak");
		TestSubmissions.insertBulk("sodai-gomi", INJECTION_SECTION, 1);
		StringBuilder answers = new StringBuilder(
				"jsonb_build_object('applicant-name.family', jsonb_build_array('=HYPERLINK(\"http://x.invalid\")')");
		for (int i = 0; i < dangerous.size(); i++) {
			answers.append(", 'items[")
				.append(i)
				.append("].item-name', jsonb_build_array(")
				.append(sqlLiteral(dangerous.get(i)))
				.append(")");
		}
		// a choice value the definition does not offer is exported as it is, untrimmed
		answers
			.append(", 'collection-method', jsonb_build_array(E'\\tx', E'\\rx'), 'floor', jsonb_build_array('=1+1')");
		answers.append(")");
		TestDatabase.get()
			.execute("update submission set answers = " + answers + " where section_id = '" + INJECTION_SECTION + "'");
		ResidentClient clerk = staff(CLERK);
		HttpResponse<InputStream> response = download(clerk, INJECTION_SECTION, "sodai-gomi", "");
		assertThat(response.statusCode()).isEqualTo(200);
		String text;
		try (InputStream body = response.body()) {
			text = new String(body.readAllBytes(), StandardCharsets.UTF_8).substring(1);
		}
		List<List<String>> parsed = CsvReader.parse(text);
		List<String> headers = parsed.get(0);
		List<String> record = parsed.get(parsed.size() - 1);
		assertThat(record.get(headers.indexOf("申込者氏名（姓）"))).isEqualTo("'=HYPERLINK(\"http://x.invalid\")");
		// Answers are trimmed as on every staff screen, so a leading tab or CR typed into
		// a text field never reaches a cell; the choice column below carries them as is.
		List<String> expected = List.of("'=1+1", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)", "x", "x", "a\"b", "a,b",
				"line\nbreak");
		for (int i = 0; i < expected.size(); i++) {
			assertThat(record.get(headers.indexOf("品目" + (i + 1) + " 品目名"))).isEqualTo(expected.get(i));
		}
		assertThat(record.get(headers.indexOf("収集方法"))).isEqualTo("'\tx、\rx");
		assertThat(record.get(headers.indexOf("搬出する階"))).isEqualTo("'=1+1");
		// CsvReader.parse refuses unquoted fields: every cell of the raw text is quoted
		assertThat(text).contains("\"'=1+1\"", "\"'+cmd|' /C calc'!A0\"", "\"a\"\"b\"", "\"a,b\"", "\"line\nbreak\"",
				"\"'\tx、\rx\"");
	}

	@Test
	void onlyClerksOfTheSectionMayExport() throws Exception {
		ResidentClient otherSection = staff(Personas.CLERK_X);
		assertThat(download(otherSection, BULK_SECTION, "sodai-gomi", "").statusCode()).isEqualTo(404);
		ResidentClient auditor = staff(Personas.AUDITOR);
		assertThat(download(auditor, BULK_SECTION, "sodai-gomi", "").statusCode()).isEqualTo(403);
		ResidentClient clerk = staff(CLERK);
		assertThat(download(clerk, BULK_SECTION, "no-such-procedure", "").statusCode()).isEqualTo(404);
		assertThat(download(clerk, BULK_SECTION, "sodai-gomi", "encoding=latin1").statusCode()).isEqualTo(400);
		assertThat(download(clerk, BULK_SECTION, "sodai-gomi", "from=yesterday").statusCode()).isEqualTo(400);
		assertThat(download(clerk, BULK_SECTION, "sodai-gomi", "status=LOST").statusCode()).isEqualTo(400);
		ResidentClient anonymous = new ResidentClient(port());
		assertThat(anonymous.get("/staff/sections/" + BULK_SECTION + "/procedures/sodai-gomi/export.csv").status())
			.isEqualTo(302);
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where action = 'EXPORT' and actor_subject in ('"
					+ Personas.CLERK_X.subject() + "', '" + Personas.AUDITOR.subject() + "')"))
			.isZero();
	}

	/**
	 * A browser logged in as this member of staff through the staff identity provider,
	 * started at the export itself (which page the login lands on does not matter here).
	 */
	private ResidentClient staff(Personas.Staff staff) {
		TestIdentityProvider.nextStaff(staff.subject(), staff.name(), staff.roles(), staff.sections());
		ResidentClient client = new ResidentClient(port());
		ResidentClient.Response response = client
			.get("/staff/sections/" + INJECTION_SECTION + "/procedures/" + "no-such-procedure/export.csv");
		for (int hop = 0; hop < 8 && response.status() / 100 == 3; hop++) {
			response = client.get(response.location());
		}
		assertThat(client.cookie("session")).as("logged in").isNotNull();
		return client;
	}

	/**
	 * Whether a download answered 503 (all export slots busy, e.g. still being released
	 * after the previous test's abandoned downloads) is tried again, as a client told
	 * {@code Retry-After} would. Off where the test is about that answer.
	 */
	private boolean retryWhenBusy = true;

	private HttpResponse<InputStream> download(ResidentClient staff, String section, String procedure, String query)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		HttpResponse<InputStream> response = downloadOnce(staff, section, procedure, query);
		while (this.retryWhenBusy && response.statusCode() == 503 && System.nanoTime() < deadline) {
			response.body().close();
			Thread.sleep(200);
			response = downloadOnce(staff, section, procedure, query);
		}
		return response;
	}

	private HttpResponse<InputStream> downloadOnce(ResidentClient staff, String section, String procedure, String query)
			throws IOException, InterruptedException {
		String cookie = staff.cookie("session");
		assertThat(cookie).as("staff session").isNotNull();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port() + "/staff/sections/" + section + "/procedures/"
					+ procedure + "/export.csv" + (query.isEmpty() ? "" : "?" + query)))
			.header("Cookie", "session=" + cookie)
			.timeout(Duration.ofSeconds(60))
			.GET()
			.build();
		HttpResponse<InputStream> response = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(request, HttpResponse.BodyHandlers.ofInputStream());
		if (response.statusCode() != 200) {
			try (InputStream body = response.body()) {
				body.readAllBytes();
			}
		}
		return response;
	}

	/** States of the export statement in PostgreSQL right now. */
	private static List<String> exportQueryStates() throws SQLException {
		return TestDatabase.get()
			.rows("select state from pg_stat_activity where datname = current_database() "
					+ "and query like '/* portal:csv-export */%' and state <> 'idle'");
	}

	private static String sqlLiteral(String value) {
		return "E'" + value.replace("\\", "\\\\")
			.replace("'", "\\'")
			.replace("\n", "\\n")
			.replace("\r", "\\r")
			.replace("\t", "\\t") + "'";
	}

}
