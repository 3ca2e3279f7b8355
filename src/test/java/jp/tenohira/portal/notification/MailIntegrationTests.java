package jp.tenohira.portal.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import jp.tenohira.portal.forms.AssuranceLevel;
import jp.tenohira.portal.forms.DefinitionVersions;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FieldType;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.identity.StaffRole;
import jp.tenohira.portal.submission.Actor;
import jp.tenohira.portal.submission.SubmissionWorkflow;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestMail;
import jp.tenohira.portal.support.TestSubmissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * E-mails to residents over real SMTP (GreenMail): the receipt after submitting in the
 * resident's language, correction and decision mails from the staff workflow, retries
 * with backoff and parking when the SMTP server is away, and two relays sharing the
 * outbox without sending anything twice. Other tests use the same SMTP server, so every
 * check looks only at mail to this test's own addresses.
 */
@PortalIntegrationTest
class MailIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	@Autowired
	SubmissionWorkflow workflow;

	@Autowired
	MailRelay relay;

	@Autowired
	MailOutbox outbox;

	@Autowired
	DefinitionVersions versions;

	@Autowired
	MailComposer composer;

	@Autowired
	NotificationProperties properties;

	@Autowired
	JavaMailSender sender;

	private final GreenMail smtp = TestMail.shared();

	private final TestDatabase database = TestDatabase.get();

	@Test
	void aSubmissionWithAnAddressGetsExactlyOneReceiptInJapanese() throws Exception {
		ProcedureDefinition definition = procedureWithEmail();
		String address = newAddress();
		TestSubmissions.Submitted submitted = TestSubmissions.submit(new ResidentClient(port()), definition,
				Map.of("*", Map.of(emailField(definition).id(), List.of(address))));
		assertThat(this.database
			.rows("select notify_email || ' ' || lang from submission where id = '" + submitted.submissionId() + "'"))
			.containsExactly(address + " ja");

		MimeMessage mail = awaitMails(address, 1).get(0);
		assertThat(mail.getSubject()).isEqualTo("【てのひら市役所】申請を受け付けました（受付番号 " + submitted.receiptNumber() + "）");
		assertThat(mail.getFrom()).extracting(Address::toString).containsExactly(this.properties.from());
		assertThat(mail.getContentType()).contains("text/plain").containsIgnoringCase("charset=UTF-8");
		String body = (String) mail.getContent();
		assertThat(body).contains(definition.title().ja(), submitted.receiptNumber(), "http://localhost:8080/mypage");
		for (String answer : answers(submitted.submissionId())) {
			assertThat(mail.getSubject()).as("subject shows the answer " + answer).doesNotContain(answer);
		}
		// none of the personal answers AnswerFactory gives (name, kana, address, phone,
		// e-mail) nor free text
		assertThat(body).doesNotContain(address, "花子", "コオリヤマ", "963-8601", "朝日一丁目", "024-924-2491", "テスト");
		assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");

		List<String> rows = this.database.rows("select id::text from outbox where event_type = 'mail.receipt' "
				+ "and aggregate_id = '" + submitted.submissionId() + "'");
		assertThat(rows).hasSize(1);
		assertThat(awaitProcessed(UUID.fromString(rows.get(0)))).satisfies((row) -> {
			assertThat(row.processedAt()).isNotNull();
			assertThat(row.attempts()).isEqualTo(1);
			assertThat(row.lastError()).isNull();
		});
		// and no second copy later
		this.relay.sendDueOnce().block();
		assertThat(received(address)).hasSize(1);
	}

	@Test
	void aResidentWhoChoseEnglishGetsTheReceiptInEnglish() throws Exception {
		ProcedureDefinition definition = procedureWithEmail();
		String address = newAddress();
		ResidentClient resident = new ResidentClient(port());
		assertThat(resident.get("/procedures?lang=en").status()).isEqualTo(200);
		TestSubmissions.Submitted submitted = TestSubmissions.submit(resident, definition,
				Map.of("*", Map.of(emailField(definition).id(), List.of(address))));
		assertThat(this.database.rows("select lang from submission where id = '" + submitted.submissionId() + "'"))
			.containsExactly("en");

		MimeMessage mail = awaitMails(address, 1).get(0);
		assertThat(mail.getSubject())
			.isEqualTo("[Tenohira City Hall] Application received (receipt number " + submitted.receiptNumber() + ")");
		assertThat((String) mail.getContent()).contains("We have received your application", definition.title().en(),
				submitted.receiptNumber(), "http://localhost:8080/mypage");
	}

	@Test
	void correctionAndRejectionMailsCarryWhatStaffWroteInTheBodyOnly() throws Exception {
		ProcedureDefinition definition = procedureWithEmail();
		FieldDefinition email = emailField(definition);
		String address = newAddress();
		TestSubmissions.Submitted submitted = TestSubmissions.submit(new ResidentClient(port()), definition,
				Map.of("*", Map.of(email.id(), List.of(address))));
		UUID id = UUID.fromString(submitted.submissionId());
		awaitMails(address, 1);
		SubmissionWorkflow.Access access = access(id);
		Actor clerk = Actor.staff("clerk-x", "環境 一郎");

		String message = "搬出場所の写真を添付してください。\n[[${7*7}]] <b>&amp;</b>";
		this.workflow
			.apply(id, access, new SubmissionWorkflow.Command.RequestCorrection(List.of(email.id()), message), clerk)
			.block();
		MimeMessage correction = awaitMails(address, 2).get(1);
		assertThat(correction.getSubject()).isEqualTo("【てのひら市役所】申請の修正をお願いします（受付番号 " + submitted.receiptNumber() + "）");
		String body = (String) correction.getContent();
		assertThat(body).contains(message, "・" + email.label().ja(), definition.title().ja(),
				"http://localhost:8080/mypage");
		assertThat(body).doesNotContain("環境 一郎", address);

		String reason = "収集できない品目（家電リサイクル法の対象）です。";
		this.workflow.apply(id, access, new SubmissionWorkflow.Command.Reject(reason), clerk).block();
		MimeMessage decision = awaitMails(address, 3).get(2);
		assertThat(decision.getSubject()).isEqualTo("【てのひら市役所】審査結果のお知らせ（受付番号 " + submitted.receiptNumber() + "）")
			.doesNotContain(reason);
		assertThat((String) decision.getContent()).contains(reason, "承認することができませんでした");
	}

	@Test
	void approvalAndCompletionEachSayTheirOwnOutcome() throws Exception {
		ProcedureDefinition definition = procedureWithEmail();
		String address = newAddress();
		TestSubmissions.Submitted submitted = TestSubmissions.submit(new ResidentClient(port()), definition,
				Map.of("*", Map.of(emailField(definition).id(), List.of(address))));
		UUID id = UUID.fromString(submitted.submissionId());
		awaitMails(address, 1);
		SubmissionWorkflow.Access access = access(id);
		Actor approver = Actor.staff("approver-x", "環境 課長");
		// both decisions are usually queued before the relay runs: each mail still
		// tells the outcome of its own moment
		this.workflow.apply(id, access, new SubmissionWorkflow.Command.StartReview(), approver)
			.then(this.workflow.apply(id, access, new SubmissionWorkflow.Command.Approve(), approver))
			.then(this.workflow.apply(id, access, new SubmissionWorkflow.Command.Complete(), approver))
			.block();
		List<MimeMessage> mails = awaitMails(address, 3);
		List<String> subjects = new ArrayList<>();
		List<String> bodies = new ArrayList<>();
		for (MimeMessage mail : mails.subList(1, 3)) {
			subjects.add(mail.getSubject());
			bodies.add((String) mail.getContent());
		}
		assertThat(subjects).containsExactlyInAnyOrder("【てのひら市役所】審査結果のお知らせ（受付番号 " + submitted.receiptNumber() + "）",
				"【てのひら市役所】手続きが完了しました（受付番号 " + submitted.receiptNumber() + "）");
		assertThat(bodies).filteredOn((b) -> b.contains("承認されました")).hasSize(1);
		assertThat(bodies).filteredOn((b) -> b.contains("完了しました")).hasSize(1);
	}

	@Test
	void aFailedSendIsRetriedLaterWithBackoffAndParkedAfterTheLastAttempt() throws Exception {
		List<Bulk> submissions = bulkSubmissions(2);
		Bulk first = submissions.get(0);
		Bulk last = submissions.get(1);
		// Due only for relays whose clock is an hour ahead: the portal's own relays leave
		// these rows alone.
		awaitQuietOutbox();
		Instant future = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
		UUID firstRow = queueMail(first.id(), 0, "now() + interval '30 minutes'");
		UUID lastRow = queueMail(last.id(), MailRelay.MAX_ATTEMPTS - 1, "now() + interval '30 minutes'");
		MailRelay broken = new MailRelay(this.outbox, this.versions, this.composer, unreachableSmtp(), this.properties,
				Clock.fixed(future, ZoneOffset.UTC));

		assertThat(broken.sendDueOnce().block()).isZero();

		assertThat(row(firstRow)).satisfies((row) -> {
			assertThat(row.attempts()).isEqualTo(1);
			assertThat(row.lastError()).contains("MailSendException").doesNotContain("@");
			assertThat(row.nextAttemptAt()).isEqualTo(future.plus(Duration.ofMinutes(1)));
			assertThat(row.nextAttemptAt()).isAfter(Instant.now());
			assertThat(row.processedAt()).isNull();
			assertThat(row.failedAt()).isNull();
			assertThat(row.lockedUntil()).isNull();
		});
		assertThat(row(lastRow)).satisfies((row) -> {
			assertThat(row.attempts()).isEqualTo(MailRelay.MAX_ATTEMPTS);
			assertThat(row.failedAt()).isEqualTo(future);
			assertThat(row.processedAt()).isNull();
			assertThat(row.lastError()).contains("MailSendException");
		});
		assertThat(received(first.address())).isEmpty();
		assertThat(received(last.address())).isEmpty();

		// not due yet for the portal's relay
		this.relay.sendDueOnce().block();
		assertThat(received(first.address())).isEmpty();

		this.database.execute("update outbox set next_attempt_at = now() - interval '1 second' where id in ('"
				+ firstRow + "', '" + lastRow + "')");
		MimeMessage mail = awaitMails(first.address(), 1).get(0);
		assertThat(mail.getSubject()).contains(first.receiptNumber());
		assertThat(awaitProcessed(firstRow)).satisfies((row) -> {
			assertThat(row.processedAt()).isNotNull();
			assertThat(row.attempts()).isEqualTo(2);
		});
		// a parked row stays parked
		this.relay.sendDueOnce().block();
		Thread.sleep(500);
		assertThat(received(last.address())).isEmpty();
		assertThat(row(lastRow).processedAt()).isNull();
	}

	@Test
	void theWaitGrowsWithEveryAttempt() throws Exception {
		List<Bulk> submissions = bulkSubmissions(MailRelay.BACKOFF.size());
		awaitQuietOutbox();
		Instant future = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
		List<UUID> rows = new ArrayList<>();
		for (int i = 0; i < submissions.size(); i++) {
			rows.add(queueMail(submissions.get(i).id(), i, "now() + interval '30 minutes'"));
		}
		MailRelay broken = new MailRelay(this.outbox, this.versions, this.composer, unreachableSmtp(), this.properties,
				Clock.fixed(future, ZoneOffset.UTC));
		broken.sendDueOnce().block();
		for (int i = 0; i < rows.size(); i++) {
			assertThat(row(rows.get(i)).nextAttemptAt()).as("after attempt " + (i + 1))
				.isEqualTo(future.plus(MailRelay.BACKOFF.get(i)));
		}
		assertThat(MailRelay.BACKOFF).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
				Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12));
	}

	@Test
	void twoRelaysRacingSendEachMailExactlyOnce() throws Exception {
		int count = 2 * MailRelay.BATCH + 5;
		List<Bulk> submissions = bulkSubmissions(count);
		awaitQuietOutbox();
		Instant future = Instant.now().plus(Duration.ofHours(1));
		for (Bulk submission : submissions) {
			queueMail(submission.id(), 0, "now() + interval '30 minutes'");
		}
		Clock ahead = Clock.fixed(future, ZoneOffset.UTC);
		MailRelay one = new MailRelay(this.outbox, this.versions, this.composer, this.sender, this.properties, ahead);
		MailRelay two = new MailRelay(this.outbox, this.versions, this.composer, this.sender, this.properties, ahead);

		long sent = 0;
		for (int round = 0; round < 10; round++) {
			Long[] counts = Mono
				.zip(Mono.defer(one::sendDueOnce).subscribeOn(Schedulers.parallel()),
						Mono.defer(two::sendDueOnce).subscribeOn(Schedulers.parallel()))
				.map((t) -> new Long[] { t.getT1(), t.getT2() })
				.block(PATIENCE);
			sent += counts[0] + counts[1];
			if (counts[0] + counts[1] == 0) {
				break;
			}
		}
		assertThat(sent).isEqualTo(count);
		for (Bulk submission : submissions) {
			assertThat(received(submission.address())).as(submission.address()).hasSize(1);
		}
		assertThat(this.database.count("select count(*) from outbox where attempts <> 1 and aggregate_id in ("
				+ String.join(", ", submissions.stream().map((s) -> "'" + s.id() + "'").toList()) + ")"))
			.isZero();
	}

	@Test
	void aSubmissionWithoutAnAddressIsMarkedDoneWithoutMail() throws Exception {
		List<Bulk> submissions = bulkSubmissions(1);
		UUID id = submissions.get(0).id();
		this.database.execute("update submission set notify_email = null where id = '" + id + "'");
		UUID row = queueMail(id, 0, "now()");
		assertThat(awaitProcessed(row)).satisfies((done) -> {
			assertThat(done.processedAt()).isNotNull();
			assertThat(done.lastError()).isNull();
		});
		assertThat(received(submissions.get(0).address())).isEmpty();
	}

	@Test
	void aMailThatCanNeverBeSentIsParkedAtOnce() throws Exception {
		List<Bulk> submissions = bulkSubmissions(1);
		UUID id = submissions.get(0).id();
		this.database
			.execute("update submission set notify_email = E'resident@@example.jp\\r\\nBcc: x@example.jp' where id = '"
					+ id + "'");
		UUID row = queueMail(id, 0, "now()");
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (row(row).failedAt() == null && System.nanoTime() < deadline) {
			this.relay.sendDueOnce().block();
			Thread.sleep(100);
		}
		assertThat(row(row)).satisfies((parked) -> {
			assertThat(parked.failedAt()).isNotNull();
			assertThat(parked.attempts()).isEqualTo(1);
			assertThat(parked.lastError()).isEqualTo("InvalidAddress");
			assertThat(parked.processedAt()).isNull();
		});
		assertThat(received("x@example.jp")).isEmpty();
	}

	// --- helpers

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	private ProcedureDefinition procedureWithEmail() {
		return this.registry.all()
			.stream()
			.filter((d) -> d.online() && d.assurance() == AssuranceLevel.NONE)
			.filter((d) -> d.allFields().stream().anyMatch((f) -> f.type() == FieldType.EMAIL))
			.sorted(Comparator.comparing((ProcedureDefinition d) -> !d.id().equals("sodai-gomi"))
				.thenComparing(ProcedureDefinition::id))
			.findFirst()
			.orElseThrow();
	}

	private static FieldDefinition emailField(ProcedureDefinition definition) {
		return definition.allFields().stream().filter((f) -> f.type() == FieldType.EMAIL).findFirst().orElseThrow();
	}

	private static String newAddress() {
		return "mail-" + UUID.randomUUID() + "@example.jp";
	}

	private SubmissionWorkflow.Access access(UUID submissionId) throws SQLException {
		String section = this.database.rows("select section_id from submission where id = '" + submissionId + "'")
			.get(0);
		return new SubmissionWorkflow.Access(Set.of(section), EnumSet.of(StaffRole.CLERK, StaffRole.APPROVER));
	}

	/** Every answer's text, wherever it sits in the stored answers. */
	private List<String> answers(String submissionId) throws SQLException {
		return this.database
			.rows("select jsonb_path_query(answers, 'strict $.**') #>> '{}' from submission where id = '" + submissionId
					+ "'")
			.stream()
			.filter((v) -> v != null && v.length() >= 2 && !v.matches("[0-9]+") && !v.startsWith("[")
					&& !v.startsWith("{"))
			.toList();
	}

	private List<MimeMessage> received(String address) throws MessagingException {
		List<MimeMessage> mine = new ArrayList<>();
		for (MimeMessage message : this.smtp.getReceivedMessages()) {
			Address[] recipients = message.getAllRecipients();
			if (recipients != null) {
				for (Address recipient : recipients) {
					if (recipient.toString().equalsIgnoreCase(address)) {
						mine.add(message);
					}
				}
			}
		}
		return mine;
	}

	/**
	 * Waits (running the relay too, to be quick) until this many mails reached the
	 * address, then a little longer to catch any extra copy; in the order received.
	 */
	private List<MimeMessage> awaitMails(String address, int count) throws Exception {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (received(address).size() < count && System.nanoTime() < deadline) {
			this.relay.sendDueOnce().block();
			Thread.sleep(100);
		}
		Thread.sleep(300);
		List<MimeMessage> mails = received(address);
		assertThat(mails).as("mail to " + address).hasSize(count);
		return mails;
	}

	/**
	 * Waits until no mail is due or in flight anywhere, so that a relay with its clock
	 * set ahead takes only the rows the test queues next. Rows that earlier tests of this
	 * class left waiting for a later attempt would be due for such a relay too: they are
	 * parked first (only failed sends wait, and only these tests make sends fail).
	 */
	private void awaitQuietOutbox() throws Exception {
		this.database.execute("update outbox set failed_at = now(), last_error = 'parked by MailIntegrationTests' "
				+ "where event_type like 'mail.%' and processed_at is null and failed_at is null "
				+ "and next_attempt_at > now()");
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		String due = "select count(*) from outbox where event_type like 'mail.%' and processed_at is null "
				+ "and failed_at is null and next_attempt_at <= now()";
		while (this.database.count(due) > 0 && System.nanoTime() < deadline) {
			this.relay.sendDueOnce().block();
			Thread.sleep(100);
		}
		assertThat(this.database.count(due)).isZero();
	}

	private Row awaitProcessed(UUID row) throws Exception {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (row(row).processedAt() == null && System.nanoTime() < deadline) {
			this.relay.sendDueOnce().block();
			Thread.sleep(100);
		}
		return row(row);
	}

	/** A submission made for this test, with its own address. */
	record Bulk(UUID id, String receiptNumber, String address) {
	}

	/**
	 * Submissions straight in the database, each with a fresh address (no outbox rows).
	 */
	private List<Bulk> bulkSubmissions(int count) throws SQLException {
		ProcedureDefinition definition = procedureWithEmail();
		String marker = UUID.randomUUID().toString();
		Set<String> before = Set.copyOf(this.database.rows("select id::text from submission"));
		TestSubmissions.insertBulk(definition.id(), definition.section(), count);
		List<Bulk> made = new ArrayList<>();
		for (String row : this.database.rows("select id::text || ' ' || receipt_number from submission")) {
			String[] parts = row.split(" ");
			if (!before.contains(parts[0])) {
				made.add(new Bulk(UUID.fromString(parts[0]), parts[1],
						"bulk-" + parts[0] + "-" + marker.substring(0, 8) + "@example.jp"));
			}
		}
		assertThat(made).hasSize(count);
		for (Bulk bulk : made) {
			this.database.execute("update submission set notify_email = '" + bulk.address() + "', lang = 'ja' "
					+ "where id = '" + bulk.id() + "'");
		}
		return made;
	}

	private UUID queueMail(UUID submissionId, int attempts, String nextAttemptAt) throws SQLException {
		UUID id = UUID.randomUUID();
		this.database.execute("insert into outbox (id, event_type, aggregate_id, payload, attempts, created_at, "
				+ "next_attempt_at) values ('" + id + "', 'mail.receipt', '" + submissionId
				+ "', jsonb_build_object('submissionId', '" + submissionId + "'), " + attempts + ", now(), "
				+ nextAttemptAt + ")");
		return id;
	}

	record Row(int attempts, Instant nextAttemptAt, Instant lockedUntil, Instant processedAt, Instant failedAt,
			String lastError) {
	}

	private Row row(UUID id) throws SQLException {
		try (var connection = this.database.connect();
				var statement = connection.prepareStatement("select attempts, next_attempt_at, locked_until, "
						+ "processed_at, failed_at, last_error from outbox where id = ?")) {
			statement.setObject(1, id);
			try (var result = statement.executeQuery()) {
				assertThat(result.next()).isTrue();
				return new Row(result.getInt(1), instant(result.getObject(2, OffsetDateTime.class)),
						instant(result.getObject(3, OffsetDateTime.class)),
						instant(result.getObject(4, OffsetDateTime.class)),
						instant(result.getObject(5, OffsetDateTime.class)), result.getString(6));
			}
		}
	}

	private static Instant instant(OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	/** A sender that talks to a loopback port nobody listens on. */
	private static JavaMailSender unreachableSmtp() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(port);
		Properties properties = new Properties();
		properties.setProperty("mail.smtp.connectiontimeout", "2000");
		properties.setProperty("mail.smtp.timeout", "2000");
		sender.setJavaMailProperties(properties);
		return sender;
	}

}
