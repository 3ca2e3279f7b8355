package jp.tenohira.portal.database;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema follows the team's conventions: uuid keys, text not varchar, timestamptz
 * only, created_at everywhere.
 */
@PortalIntegrationTest
class SchemaConventionsIntegrationTests {

	/** Tables whose key is natural on purpose. */
	private static final Set<String> NATURAL_KEYS = Set.of("form_definition_version");

	@Test
	void everyTableFollowsTheConventions() throws SQLException {
		List<String> tables = TestDatabase.get()
			.rows("select table_name from information_schema.tables where table_schema = 'public' "
					+ "and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'");
		assertThat(tables).contains("draft", "submission", "outbox", "inbox_item", "attachment");
		assertThat(TestDatabase.get()
			.rows("select table_name || '.' || column_name || ' ' || data_type from information_schema.columns "
					+ "where table_schema = 'public' and table_name <> 'flyway_schema_history' and (data_type like 'character%' "
					+ "or data_type = 'timestamp without time zone' or data_type like 'time %')"))
			.as("use text and timestamptz")
			.isEmpty();
		for (String table : tables) {
			assertThat(TestDatabase.get()
				.rows("select data_type from information_schema.columns where table_schema = 'public' and table_name = '"
						+ table + "' and column_name = 'created_at'"))
				.as(table + ".created_at")
				.containsExactly("timestamp with time zone");
			if (!NATURAL_KEYS.contains(table)) {
				assertThat(TestDatabase.get()
					.rows("select c.data_type from information_schema.table_constraints t "
							+ "join information_schema.key_column_usage k on k.constraint_name = t.constraint_name "
							+ "join information_schema.columns c on c.table_name = k.table_name and c.column_name = k.column_name "
							+ "where t.table_name = '" + table + "' and t.constraint_type = 'PRIMARY KEY'"))
					.as(table + " primary key")
					.containsExactly("uuid");
			}
		}
	}

	@Test
	void migrationsAreNamedByTimestampAndVerb() throws SQLException {
		assertThat(TestDatabase.get().rows("select script from flyway_schema_history where script is not null"))
			.allSatisfy((script) -> assertThat(script).matches("V\\d{12}__[a-z]+_[a-z_]+\\.sql"));
	}

}
