package jp.tenohira.portal.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.submission.FormWalker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submissions for staff-side tests: one through the real resident flow, or many at once
 * straight into PostgreSQL.
 */
public final class TestSubmissions {

	private TestSubmissions() {
	}

	/** What a submission through the portal produced. */
	public record Submitted(String submissionId, String receiptNumber, String draftId) {
	}

	/**
	 * Submits the procedure as this resident would, with valid answers and the given
	 * overrides ({@code "*"} applies to every page). The portal's context must be
	 * running.
	 */
	public static Submitted submit(ResidentClient resident, ProcedureDefinition definition,
			Map<String, Map<String, List<String>>> overrides) throws SQLException {
		Map<String, Map<String, List<String>>> byPage = new HashMap<>();
		if (overrides.containsKey("*")) {
			definition.pages().forEach((p) -> byPage.put(p.id(), overrides.get("*")));
		}
		byPage.putAll(overrides);
		byPage.remove("*");
		String base = FormWalker.walkToCheck(resident, definition, byPage);
		resident.get(base + "/check");
		ResidentClient.Response submitted = resident.post(base + "/submit", ResidentClient.form());
		assertThat(submitted.location()).as(definition.id()).endsWith(base + "/receipt");
		String draftId = base.replaceAll(".*/", "");
		List<String> row = TestDatabase.get()
			.rows("select id::text || ' ' || receipt_number from submission where draft_id = '" + draftId + "'");
		String[] parts = row.get(0).split(" ");
		return new Submitted(parts[0], parts[1], draftId);
	}

	/**
	 * Inserts {@code count} submissions of a procedure into a section directly, in one
	 * transaction with triggers off (so no notifications), spread over the past year,
	 * with statuses cycling through received, in review, correction requested and
	 * completed, and kana names {@code テスト0000001}…. Answers are empty. The procedure's
	 * current definition version must be recorded (it is once the portal has started).
	 */
	public static void insertBulk(String procedureId, String sectionId, int count) throws SQLException {
		String sql = """
				with v as (
				    select version from form_definition_version where procedure_id = ? order by created_at desc limit 1
				), d as (
				    insert into draft (id, procedure_id, definition_version, answers, owner_token_hash, status, created_at,
				        updated_at)
				    select gen_random_uuid(), ?, v.version, '{}'::jsonb, 'bulk', 'SUBMITTED',
				        now() - interval '400 days' + g * interval '30 seconds', now() - interval '400 days'
				    from generate_series(1, ?) g, v
				    returning id, definition_version, created_at
				)
				insert into submission (id, receipt_number, draft_id, procedure_id, definition_version, answers, section_id,
				    status, applicant_kana, submitted_at, updated_at, created_at, change_xid, change_seq)
				select gen_random_uuid(), 'T' || lpad(nextval('receipt_number_seq')::text, 9, '0'), d.id, ?, d.definition_version,
				    '{}'::jsonb, ?, (array['RECEIVED', 'IN_REVIEW', 'CORRECTION_REQUESTED', 'COMPLETED'])[1 + (row_number() over () % 4)],
				    'テスト' || lpad((row_number() over ())::text, 7, '0'), d.created_at, d.created_at, d.created_at,
				    pg_current_xact_id(), nextval('submission_change_seq')
				from d
				""";
		try (Connection connection = TestDatabase.get().connect()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("set local session_replication_role = replica");
			}
			try (PreparedStatement insert = connection.prepareStatement(sql)) {
				insert.setString(1, procedureId);
				insert.setString(2, procedureId);
				insert.setInt(3, count);
				insert.setString(4, procedureId);
				insert.setString(5, sectionId);
				insert.executeUpdate();
			}
			connection.commit();
		}
		TestDatabase.get().execute("analyze draft; analyze submission");
	}

}
