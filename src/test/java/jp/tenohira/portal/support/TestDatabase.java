package jp.tenohira.portal.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh PostgreSQL database for this test run: a Testcontainers PostgreSQL when a
 * Docker engine is available, otherwise a new database on the local server at
 * localhost:5432 (dropped when the JVM exits). Never skips.
 */
public final class TestDatabase {

	/**
	 * The portal's runtime role in tests (created by the portal's start-up when missing).
	 */
	public static final String APP_USER = "tenohira_app";

	public static final String APP_PASSWORD = "tenohira-app-test";

	private static TestDatabase instance;

	private final String host;

	private final int port;

	private final String database;

	private final String user;

	private final String password;

	private TestDatabase(String host, int port, String database, String user, String password) {
		this.host = host;
		this.port = port;
		this.database = database;
		this.user = user;
		this.password = password;
	}

	public static synchronized TestDatabase get() {
		if (instance == null) {
			instance = dockerAvailable() ? container() : local();
		}
		return instance;
	}

	private static boolean dockerAvailable() {
		if ("local".equals(System.getenv("PORTAL_TEST_DB"))) {
			return false;
		}
		boolean hint = System.getenv("DOCKER_HOST") != null
				|| java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock")) || java.nio.file.Files
					.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker/run/docker.sock"));
		if (!hint) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	@SuppressWarnings("resource")
	private static TestDatabase container() {
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
		container.start();
		return new TestDatabase(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
				container.getUsername(), container.getPassword());
	}

	private static TestDatabase local() {
		String host = System.getenv().getOrDefault("PORTAL_TEST_DB_HOST", "localhost");
		int port = Integer.parseInt(System.getenv().getOrDefault("PORTAL_TEST_DB_PORT", "5432"));
		String user = System.getenv().getOrDefault("PORTAL_TEST_DB_USER", "postgres");
		String password = System.getenv().getOrDefault("PORTAL_TEST_DB_PASSWORD", "");
		String database = "tenohira_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String maintenance = "jdbc:postgresql://" + host + ":" + port + "/postgres";
		execute(maintenance, user, password, "create database " + database);
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> execute(maintenance, user, password,
					"drop database if exists " + database + " with (force)")));
		return new TestDatabase(host, port, database, user, password);
	}

	private static void execute(String url, String user, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Tests need PostgreSQL: no Docker engine, and the local server at " + url
					+ " did not answer (" + ex.getMessage() + ")", ex);
		}
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
	}

	public String r2dbcUrl() {
		return "r2dbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

	/** The first column of every row a query returns, as text. */
	public java.util.List<String> rows(String sql) throws SQLException {
		java.util.List<String> rows = new java.util.ArrayList<>();
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				java.sql.ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				rows.add(result.getString(1));
			}
		}
		return rows;
	}

	/** A count query's answer. */
	public long count(String sql) throws SQLException {
		return Long.parseLong(rows(sql).get(0));
	}

	/** Runs statements (test set-up such as a fault-injecting trigger). */
	public void execute(String sql) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), this.user, this.password);
	}

}
