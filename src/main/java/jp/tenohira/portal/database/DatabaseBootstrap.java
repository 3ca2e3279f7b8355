package jp.tenohira.portal.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Before migrating, makes sure the portal's database exists (creating it through the
 * {@code postgres} maintenance database when it does not), so that the run command needs
 * nothing but a PostgreSQL server. Runs on the main thread at start-up, where blocking
 * JDBC is fine.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseBootstrap {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseBootstrap.class);

	private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]+)(\\?.*)?$");

	private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	@Bean
	FlywayMigrationStrategy createDatabaseThenMigrate(FlywayProperties properties, Environment environment) {
		return (flyway) -> {
			ensureDatabase(properties.getUrl(), properties.getUser(), properties.getPassword());
			ensureApplicationRole(properties.getUrl(), properties.getUser(), properties.getPassword(),
					environment.getProperty("spring.r2dbc.username"), environment.getProperty("spring.r2dbc.password"));
			flyway.migrate();
		};
	}

	/**
	 * Creates the application's runtime role when the migrating user may and the role is
	 * missing. The portal runs as this role: it owns nothing, so it cannot alter the
	 * schema or the audit table's protections.
	 */
	static void ensureApplicationRole(String url, String owner, String ownerPassword, String role, String password) {
		if (role == null || role.equals(owner) || !ROLE.matcher(role).matches()) {
			return;
		}
		Properties credentials = new Properties();
		if (owner != null) {
			credentials.setProperty("user", owner);
		}
		if (ownerPassword != null) {
			credentials.setProperty("password", ownerPassword);
		}
		credentials.setProperty("connectTimeout", "5");
		try (Connection connection = DriverManager.getConnection(url, credentials);
				PreparedStatement exists = connection.prepareStatement("select 1 from pg_roles where rolname = ?")) {
			exists.setString(1, role);
			try (ResultSet result = exists.executeQuery()) {
				if (result.next()) {
					return;
				}
			}
			try (Statement create = connection.createStatement()) {
				String secret = (password != null && !password.isEmpty())
						? " password '" + password.replace("'", "''") + "'" : "";
				create.execute("create role " + role + " login" + secret);
				logger.info("Created the application's database role {}", role);
			}
		}
		catch (SQLException ex) {
			if ("42710".equals(ex.getSQLState())) {
				return; // created concurrently by another node
			}
			// Without CREATEROLE the operator creates the role; the first query will
			// say so if not.
			logger.info("Could not create the application's database role {} ({})", role, ex.getSQLState());
		}
	}

	static void ensureDatabase(String url, String user, String password) {
		Matcher matcher = URL.matcher(url);
		if (!matcher.matches()) {
			return;
		}
		String database = matcher.group(2);
		String maintenanceUrl = matcher.group(1) + "postgres" + ((matcher.group(3) != null) ? matcher.group(3) : "");
		Properties credentials = new Properties();
		if (user != null) {
			credentials.setProperty("user", user);
		}
		if (password != null) {
			credentials.setProperty("password", password);
		}
		credentials.setProperty("connectTimeout", "5");
		try (Connection connection = DriverManager.getConnection(maintenanceUrl, credentials);
				PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
			exists.setString(1, database);
			try (ResultSet result = exists.executeQuery()) {
				if (result.next()) {
					return;
				}
			}
			try (Statement create = connection.createStatement()) {
				create.execute("create database \"" + database.replace("\"", "\"\"") + "\"");
				logger.info("Created database {}", database);
			}
		}
		catch (SQLException ex) {
			if ("42P04".equals(ex.getSQLState())) {
				return; // created concurrently by another node
			}
			if ("28000".equals(ex.getSQLState()) || "28P01".equals(ex.getSQLState()) || "3D000".equals(ex.getSQLState())
					|| "42501".equals(ex.getSQLState())) {
				// No access to the maintenance database: the operator created ours;
				// Flyway will tell if not.
				logger.info("Could not check for database {} ({}); assuming it exists", database, ex.getSQLState());
				return;
			}
			throw new DatabaseUnavailableException(url, ex);
		}
	}

}
