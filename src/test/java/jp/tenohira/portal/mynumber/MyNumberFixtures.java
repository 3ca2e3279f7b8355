package jp.tenohira.portal.mynumber;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.MyNumberAnswer;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.submission.ApplicationService;
import jp.tenohira.portal.submission.ApplicationService.PageOutcome;
import jp.tenohira.portal.submission.Draft;
import jp.tenohira.portal.support.AnswerFactory;
import jp.tenohira.portal.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drafts and submissions of the 児童手当 procedure (jpki-sign, with a My Number) for tests
 * that cannot log in with the card yet: the draft row is inserted for a resident, every
 * page is saved through {@link ApplicationService#savePage} (so My Numbers are encrypted
 * exactly as on the web), and the submission is inserted from the draft the way
 * {@code TestSubmissions.insertBulk} does.
 */
public final class MyNumberFixtures {

	public static final String PROCEDURE = "jidou-teate-nintei";

	public static final String FIELD = "claimant-my-number";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SecureRandom RANDOM = new SecureRandom();

	private MyNumberFixtures() {
	}

	/** A fresh valid My Number that appears nowhere else. */
	public static String canary() {
		StringBuilder first = new StringBuilder();
		first.append(1 + RANDOM.nextInt(9));
		for (int i = 1; i < 11; i++) {
			first.append(RANDOM.nextInt(10));
		}
		return first.toString() + MyNumbers.checkDigit(first.toString());
	}

	/** The same number with a wrong check digit. */
	public static String wrongCheckDigit(String canary) {
		return canary.substring(0, 11) + (char) ('0' + ((canary.charAt(11) - '0' + 1) % 10));
	}

	/**
	 * The ways the number could show up if it leaked: plain, grouped, hyphenated,
	 * full-width.
	 */
	public static List<String> spellings(String number) {
		String grouped = number.substring(0, 4) + " " + number.substring(4, 8) + " " + number.substring(8);
		StringBuilder wide = new StringBuilder();
		number.chars().forEach((c) -> wide.append((char) ('０' + (c - '0'))));
		return List.of(number, grouped, grouped.replace(' ', '-'), wide.toString());
	}

	/** A new open draft of the procedure owned by a logged-in resident. */
	public static Draft insertDraft(ProcedureDefinition definition, String subject) throws SQLException {
		UUID id = UUID.randomUUID();
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement insert = connection.prepareStatement(
						"insert into draft (id, procedure_id, definition_version, answers, owner_token_hash, "
								+ "owner_issuer, owner_subject, status, created_at, updated_at) "
								+ "values (?, ?, ?, '{}'::jsonb, ?, 'http://card.test', ?, 'OPEN', now(), now())")) {
			insert.setObject(1, id);
			insert.setString(2, definition.id());
			insert.setString(3, definition.version());
			insert.setString(4, "hash-" + id);
			insert.setString(5, subject);
			insert.executeUpdate();
		}
		return draft(id);
	}

	/** The draft as stored now. */
	public static Draft draft(UUID id) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement select = connection.prepareStatement(
						"select procedure_id, definition_version, answers::text, owner_token_hash, owner_issuer, "
								+ "owner_subject, status from draft where id = ?")) {
			select.setObject(1, id);
			try (ResultSet row = select.executeQuery()) {
				assertThat(row.next()).as("draft " + id).isTrue();
				Answers answers = new Answers(
						JSON.readValue(row.getString(3), new TypeReference<LinkedHashMap<String, List<String>>>() {
						}));
				return new Draft(id, row.getString(1), row.getString(2), answers, row.getString(4), row.getString(5),
						row.getString(6), Draft.Status.valueOf(row.getString(7)), Instant.now(), Instant.now());
			}
		}
	}

	/** The draft's stored answers as PostgreSQL has them. */
	public static String storedAnswers(UUID draftId) throws SQLException {
		return TestDatabase.get().rows("select answers::text from draft where id = '" + draftId + "'").get(0);
	}

	/**
	 * Saves one page through the application service, as a page post would: on a
	 * non-blocking thread, so BlockHound checks the encryption as it checks a request.
	 */
	public static PageOutcome save(ApplicationService applications, ProcedureDefinition definition, UUID draftId,
			Page page, Map<String, List<String>> posted, ApplicationService.PageAction action) throws SQLException {
		ApplicationService.DraftContext context = new ApplicationService.DraftContext(draft(draftId), definition);
		return Mono.defer(() -> applications.savePage(context, page, new Answers(posted), action, false))
			.subscribeOn(Schedulers.parallel())
			.block(Duration.ofSeconds(30));
	}

	/** Valid answers for a page, as a careful resident types them. */
	public static Map<String, List<String>> valid(Page page) {
		return new LinkedHashMap<>(AnswerFactory.validAnswers(page, LocalDate.now(CityTime.ZONE)));
	}

	/**
	 * Fills every page of the procedure with valid answers, the My Number typed as given
	 * and the e-mail address to notify; every page must save without problems.
	 */
	public static void fill(ApplicationService applications, ProcedureDefinition definition, UUID draftId,
			String typedNumber, String email) throws SQLException {
		for (Page page : definition.pages()) {
			Map<String, List<String>> posted = valid(page);
			if (page.fieldIds().contains(FIELD)) {
				posted.put(FIELD, List.of(typedNumber));
			}
			if (page.fieldIds().contains("email")) {
				posted.put("email", List.of((email != null) ? email : ""));
			}
			PageOutcome outcome = save(applications, definition, draftId, page, posted,
					new ApplicationService.PageAction.Next());
			assertThat(outcome).as("page " + page.id()).isNotEqualTo(new PageOutcome.Stay(true));
		}
	}

	/**
	 * A submission made from the draft, routed to a section, as the submit would store
	 * it.
	 */
	public record Stored(String submissionId, String receiptNumber, String ciphertext) {
	}

	/**
	 * Inserts the submission of a filled draft (answers copied as stored, so the My
	 * Number stays ciphertext), its first revision and the receipt e-mail in the outbox.
	 */
	public static Stored submit(UUID draftId, String sectionId, String email) throws SQLException {
		UUID id = UUID.randomUUID();
		try (Connection connection = TestDatabase.get().connect()) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement(
					"""
							insert into submission (id, receipt_number, draft_id, procedure_id, definition_version, answers,
							    section_id, owner_issuer, owner_subject, notify_email, lang, submitted_at, updated_at, created_at)
							select ?, 'MN' || lpad(nextval('receipt_number_seq')::text, 9, '0'), d.id, d.procedure_id,
							    d.definition_version, d.answers, ?, d.owner_issuer, d.owner_subject, ?, 'ja', now(), now(), now()
							from draft d where d.id = ?
							""")) {
				insert.setObject(1, id);
				insert.setString(2, sectionId);
				insert.setString(3, email);
				insert.setObject(4, draftId);
				assertThat(insert.executeUpdate()).isEqualTo(1);
			}
			try (PreparedStatement statements = connection.prepareStatement("""
					update draft set status = 'SUBMITTED' where id = ?;
					""")) {
				statements.setObject(1, draftId);
				statements.executeUpdate();
			}
			try (PreparedStatement revision = connection.prepareStatement("""
					insert into submission_revision (id, submission_id, revision, answers, created_at)
					select gen_random_uuid(), id, 1, answers, now() from submission where id = ?
					""")) {
				revision.setObject(1, id);
				revision.executeUpdate();
			}
			try (PreparedStatement mail = connection.prepareStatement(
					"""
							insert into outbox (id, event_type, aggregate_id, payload, created_at, next_attempt_at)
							values (gen_random_uuid(), 'mail.receipt', ?, jsonb_build_object('submissionId', ?::text), now(), now())
							""")) {
				mail.setObject(1, id);
				mail.setString(2, id.toString());
				mail.executeUpdate();
			}
			connection.commit();
		}
		String receipt = TestDatabase.get()
			.rows("select receipt_number from submission where id = '" + id + "'")
			.get(0);
		String ciphertext = TestDatabase.get()
			.rows("select answers -> '" + FIELD + "' ->> 0 from submission where id = '" + id + "'")
			.get(0);
		assertThat(MyNumberAnswer.isSealed(ciphertext)).as("stored as ciphertext").isTrue();
		return new Stored(id.toString(), receipt, ciphertext);
	}

}
