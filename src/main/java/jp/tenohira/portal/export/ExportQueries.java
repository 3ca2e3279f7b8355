package jp.tenohira.portal.export;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;

import io.r2dbc.spi.Readable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.shared.CityTime;

/**
 * Reads an export's submissions as a stream: a server-side cursor fetched 500 rows at a
 * time, and only as fast as the client downloads (backpressure), inside one read-only
 * repeatable-read transaction so the file is one consistent picture. The statement
 * carries the comment {@code portal:csv-export} so operators (and tests) can find it in
 * {@code pg_stat_activity}.
 */
@Repository
class ExportQueries {

	static final int FETCH_SIZE = 500;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, List<String>>> ANSWERS = new TypeReference<>() {
	};

	private final DatabaseClient db;

	private final TransactionalOperator readOnly;

	private final long statementTimeoutMillis;

	ExportQueries(DatabaseClient db, ReactiveTransactionManager transactions,
			@Value("${portal.export.statement-timeout:10m}") Duration statementTimeout) {
		this.db = db;
		DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
		definition.setReadOnly(true);
		definition.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.readOnly = TransactionalOperator.create(transactions, definition);
		this.statementTimeoutMillis = statementTimeout.toMillis();
	}

	/** The section's submissions of the procedure, oldest first. */
	Flux<CsvColumns.Row> rows(String sectionId, String procedureId, ExportFilter filter) {
		StringBuilder sql = new StringBuilder("/* portal:csv-export */ select receipt_number, submitted_at, status, "
				+ "definition_version, revision, answers::text as answers from submission "
				+ "where section_id = :section and procedure_id = :procedure");
		if (filter.from() != null) {
			sql.append(" and submitted_at >= :from");
		}
		if (filter.to() != null) {
			sql.append(" and submitted_at < :to");
		}
		if (filter.status() != null) {
			sql.append(" and status = :status");
		}
		sql.append(" order by submitted_at, id");
		DatabaseClient.GenericExecuteSpec query = this.db.sql(sql.toString())
			.bind("section", sectionId)
			.bind("procedure", procedureId);
		if (filter.from() != null) {
			query = query.bind("from", filter.from().atStartOfDay(CityTime.ZONE).toOffsetDateTime());
		}
		if (filter.to() != null) {
			query = query.bind("to", filter.to().plusDays(1).atStartOfDay(CityTime.ZONE).toOffsetDateTime());
		}
		if (filter.status() != null) {
			query = query.bind("status", filter.status().name());
		}
		Flux<CsvColumns.Row> rows = query.filter((statement, next) -> next.execute(statement.fetchSize(FETCH_SIZE)))
			.map(ExportQueries::row)
			.all();
		// The pool's statement timeout (10 s) would cut off a long download: this
		// transaction gets its own. SET takes no parameters; the value is a number we
		// made.
		return this.db.sql("set local statement_timeout = " + this.statementTimeoutMillis)
			.then()
			.thenMany(rows)
			.as(this.readOnly::transactional);
	}

	private static CsvColumns.Row row(Readable row) {
		String answers = row.get("answers", String.class);
		return new CsvColumns.Row(row.get("receipt_number", String.class),
				row.get("submitted_at", OffsetDateTime.class).toInstant(), row.get("status", String.class),
				row.get("definition_version", String.class), row.get("revision", Integer.class),
				new Answers((answers != null) ? JSON.readValue(answers, ANSWERS) : new LinkedHashMap<>()));
	}

}
