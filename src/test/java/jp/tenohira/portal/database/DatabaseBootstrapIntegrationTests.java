package jp.tenohira.portal.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import jp.tenohira.portal.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The run command needs only a PostgreSQL server: the portal's database is created when
 * missing, and an unreachable server stops start-up with a message that says how to get
 * one.
 */
class DatabaseBootstrapIntegrationTests {

	@Test
	void createsTheDatabaseWhenMissingAndLeavesAnExistingOneAlone() throws SQLException {
		TestDatabase database = TestDatabase.get();
		String name = "tenohira_bootstrap_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		String url = database.jdbcUrl().replaceAll("/[^/]+$", "/" + name);
		try {
			DatabaseBootstrap.ensureDatabase(url, database.user(), database.password());
			DatabaseBootstrap.ensureDatabase(url, database.user(), database.password());
			try (Connection connection = DriverManager.getConnection(url, database.user(), database.password());
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("select current_database()")) {
				result.next();
				assertThat(result.getString(1)).isEqualTo(name);
			}
		}
		finally {
			try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
					database.password()); Statement statement = connection.createStatement()) {
				statement.execute("drop database if exists " + name + " with (force)");
			}
		}
	}

	@Test
	void anUnreachableServerIsExplained() {
		assertThatExceptionOfType(DatabaseUnavailableException.class)
			.isThrownBy(
					() -> DatabaseBootstrap.ensureDatabase("jdbc:postgresql://127.0.0.1:1/tenohira", "postgres", ""))
			.satisfies((ex) -> {
				FailureAnalysis analysis = new DatabaseUnavailableFailureAnalyzer().analyze(ex);
				assertThat(analysis.getDescription()).contains("127.0.0.1:1");
				assertThat(analysis.getAction()).contains("PostgreSQL").contains("PORTAL_DB_HOST");
			});
	}

}
