package jp.tenohira.portal.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns "PostgreSQL is not reachable" into a start-up message that says how to get one.
 */
class DatabaseUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseUnavailableException cause) {
		return new FailureAnalysis(
				"The portal needs PostgreSQL and could not reach it at " + cause.url() + " ("
						+ ((cause.getCause() != null) ? cause.getCause().getMessage() : "no answer") + ").",
				"""
						Start a PostgreSQL server (15 or newer) and run the portal again, for example:
						  - Debian/Ubuntu: sudo apt-get install postgresql && sudo pg_ctlcluster 15 main start
						  - Docker: docker compose -f docker/compose.yaml up -d postgres
						Or point the portal at another server with PORTAL_DB_HOST, PORTAL_DB_PORT, PORTAL_DB_NAME,
						PORTAL_DB_USER and PORTAL_DB_PASSWORD (see the configuration table in README.md).""", cause);
	}

}
