package jp.tenohira.portal.backoffice;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import jp.tenohira.portal.support.TestDatabase;

/**
 * Submissions written straight into PostgreSQL the way the portal writes them (one
 * transaction each, triggers on, so the change stamp is the real one), for feed and
 * status tests.
 */
final class ApiSubmissions {

	private static final String INSERT = """
			with v as (
			    select version from form_definition_version where procedure_id = 'sodai-gomi' order by created_at desc limit 1
			), d as (
			    insert into draft (id, procedure_id, definition_version, answers, owner_token_hash, status, created_at,
			        updated_at)
			    select gen_random_uuid(), 'sodai-gomi', v.version, '{}'::jsonb, 'api-test', 'SUBMITTED', now(), now() from v
			    returning id, definition_version
			)
			insert into submission (id, receipt_number, draft_id, procedure_id, definition_version, answers, section_id,
			    status, submitted_at, created_at)
			select ?, 'A' || lpad(nextval('receipt_number_seq')::text, 9, '0'), d.id, 'sodai-gomi', d.definition_version,
			    '{}'::jsonb, ?, 'RECEIVED', now(), now()
			from d
			""";

	private ApiSubmissions() {
	}

	/** Inserts one submission on this connection (the caller commits). */
	static UUID insert(Connection connection, String sectionId) throws SQLException {
		UUID id = UUID.randomUUID();
		try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
			insert.setObject(1, id);
			insert.setString(2, sectionId);
			if (insert.executeUpdate() != 1) {
				throw new IllegalStateException("no definition version recorded for sodai-gomi");
			}
		}
		return id;
	}

	/** Inserts and commits one submission. */
	static UUID insert(String sectionId) throws SQLException {
		try (Connection connection = TestDatabase.get().connect()) {
			return insert(connection, sectionId);
		}
	}

}
