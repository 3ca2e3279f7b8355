package jp.tenohira.portal.inbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.submission.SubmissionStatus;

/**
 * The inbox's SQL. Every list is one statement shaped so that PostgreSQL walks one of the
 * {@code submission_inbox_*} indexes in (submitted_at, id) order and stops after a page:
 * conditions are added only when used (no {@code :x is null or …}), the open statuses are
 * written out literally (they are the predicate of the partial
 * {@code submission_inbox_open_idx}), the kana prefix is a range on the
 * {@code text_pattern_ops} index, and later pages continue with a row comparison on
 * (submitted_at, id), never an offset. {@code InboxQueryPlanIntegrationTests} checks the
 * plans at a million rows.
 */
@Component
class InboxQueries {

	/** Rows per page. */
	static final int PAGE_SIZE = 50;

	/** The open statuses as the partial index's predicate writes them. */
	static final String OPEN_STATUSES = SubmissionStatus.OPEN.stream()
		.map((s) -> "'" + s.name() + "'")
		.collect(Collectors.joining(", ", "(", ")"));

	/**
	 * Counts stop here: beyond it a count says "more than" (a section's finished cases
	 * grow without end, and counting them exactly would read them all on every view).
	 */
	static final int COUNT_CAP = 10_000;

	private static final String BOUNDED_COUNT = "(select count(*) from (select 1 from submission "
			+ "where section_id = %s and status = st.status limit " + (COUNT_CAP + 1) + ") c)";

	/**
	 * Every status's count in a section, each a bounded walk of
	 * {@code submission_inbox_status_idx} (one statement, at most 8 × 10,001 index
	 * entries).
	 */
	static final String COUNTS_SQL = "select st.status, " + BOUNDED_COUNT.formatted(":section") + " as n from (values "
			+ statusValues(java.util.Arrays.asList(SubmissionStatus.values())) + ") st(status)";

	/** The open statuses' bounded counts in several sections. */
	static final String OPEN_COUNTS_SQL = "select sec.id as section_id, st.status, " + BOUNDED_COUNT.formatted("sec.id")
			+ " as n from unnest(cast(:sections as text[])) sec(id), (values " + statusValues(SubmissionStatus.OPEN)
			+ ") st(status)";

	/**
	 * The procedures present in a section: one index probe per distinct procedure (a
	 * loose index scan on {@code submission_inbox_procedure_idx}), however many rows.
	 */
	static final String PROCEDURES_SQL = """
			with recursive present(procedure_id) as (
			    (select procedure_id from submission where section_id = :section order by procedure_id limit 1)
			    union all
			    select (select s.procedure_id from submission s where s.section_id = :section
			            and s.procedure_id > present.procedure_id order by s.procedure_id limit 1)
			    from present where present.procedure_id is not null
			)
			select procedure_id from present where procedure_id is not null limit 500
			""";

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	InboxQueries(DatabaseClient db, TransactionalOperator transaction) {
		this.db = db;
		this.transaction = transaction;
	}

	private static String statusValues(Collection<SubmissionStatus> statuses) {
		return statuses.stream().map((s) -> "('" + s.name() + "')").collect(Collectors.joining(", "));
	}

	/** A statement with its named parameters. */
	record Query(String sql, Map<String, Object> params) {
	}

	/** One row of an inbox list. */
	record Row(UUID id, String receiptNumber, String procedureId, Instant submittedAt, SubmissionStatus status,
			String assigneeName, int revision) {

		InboxCursor cursor() {
			return new InboxCursor(this.submittedAt, this.id);
		}

	}

	/**
	 * The list statement for a section and filter: at most {@code limit} rows (a page and
	 * one more, to know whether there is a next page).
	 */
	static Query list(String sectionId, InboxFilter filter, String me, int limit) {
		StringBuilder sql = new StringBuilder(
				"select id, receipt_number, procedure_id, submitted_at, status, assignee_name, revision "
						+ "from submission where section_id = :section");
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("section", sectionId);
		if (filter.isOpen()) {
			sql.append(" and status in ").append(OPEN_STATUSES);
		}
		else if (!filter.isAll()) {
			sql.append(" and status = :status");
			params.put("status", filter.status());
		}
		if (filter.procedure() != null) {
			sql.append(" and procedure_id = :procedure");
			params.put("procedure", filter.procedure());
		}
		if (filter.from() != null) {
			sql.append(" and submitted_at >= :from");
			params.put("from", startOf(filter.from()));
		}
		if (filter.to() != null) {
			sql.append(" and submitted_at < :to");
			params.put("to", startOf(filter.to().plusDays(1)));
		}
		if (filter.assignee() == InboxFilter.Assignee.ME) {
			sql.append(" and assignee_subject = :assignee");
			params.put("assignee", me);
		}
		else if (filter.assignee() == InboxFilter.Assignee.UNASSIGNED) {
			sql.append(" and assignee_subject is null");
		}
		if (filter.receipt() != null) {
			sql.append(" and receipt_number = :receipt");
			params.put("receipt", filter.receipt());
		}
		if (filter.kana() != null) {
			// a prefix as a range, which the text_pattern_ops index answers for any
			// parameter value (LIKE :prefix || '%' would need the value at planning)
			sql.append(" and applicant_kana ~>=~ :kanaFrom");
			params.put("kanaFrom", filter.kana());
			String upper = upperBound(filter.kana());
			if (upper != null) {
				sql.append(" and applicant_kana ~<~ :kanaTo");
				params.put("kanaTo", upper);
			}
		}
		boolean newest = filter.sort() == InboxFilter.Sort.NEWEST;
		if (filter.after() != null) {
			sql.append(newest ? " and (submitted_at, id) < (:afterAt, :afterId)"
					: " and (submitted_at, id) > (:afterAt, :afterId)");
			params.put("afterAt", filter.after().submittedAt().atOffset(ZoneOffset.UTC));
			params.put("afterId", filter.after().id());
		}
		sql.append(newest ? " order by submitted_at desc, id desc" : " order by submitted_at, id");
		sql.append(" limit ").append(limit);
		return new Query(sql.toString(), params);
	}

	/**
	 * The smallest string greater than every string that starts with {@code prefix}, or
	 * {@code null} when there is none to be had by incrementing the last character.
	 */
	static String upperBound(String prefix) {
		char last = prefix.charAt(prefix.length() - 1);
		if (last == Character.MAX_VALUE || Character.isSurrogate(last) || Character.isSurrogate((char) (last + 1))) {
			return null;
		}
		return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
	}

	private static OffsetDateTime startOf(java.time.LocalDate day) {
		return day.atStartOfDay(CityTime.ZONE).toOffsetDateTime();
	}

	Flux<Row> rows(Query query) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(query.sql());
		for (Map.Entry<String, Object> param : query.params().entrySet()) {
			spec = spec.bind(param.getKey(), param.getValue());
		}
		Flux<Row> rows = spec.map(InboxQueries::row).all();
		if (!query.params().containsKey("kanaFrom")) {
			return rows;
		}
		// A cached statement may switch to a generic plan, which cannot see how few names
		// a prefix matches and walks the open rows instead (240 ms at a million rows
		// against 0.04 ms): name searches are always planned with their values.
		return this.transaction
			.transactional(this.db.sql("set local plan_cache_mode = force_custom_plan").then().thenMany(rows));
	}

	/** Every status's count in a section, each at most {@link #COUNT_CAP} + 1. */
	Mono<Map<SubmissionStatus, Long>> counts(String sectionId) {
		return this.db.sql(COUNTS_SQL)
			.bind("section", sectionId)
			.map((row) -> Map.entry(SubmissionStatus.valueOf(row.get("status", String.class)),
					row.get("n", Long.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/**
	 * Open cases per section, each status's count at most {@link #COUNT_CAP} + 1 (so a
	 * sum over {@link #COUNT_CAP} means "more than").
	 */
	Mono<Map<String, Long>> openCounts(Collection<String> sectionIds) {
		if (sectionIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.db.sql(OPEN_COUNTS_SQL)
			.bind("sections", sectionIds.toArray(new String[0]))
			.map((row) -> Map.entry(row.get("section_id", String.class), row.get("n", Long.class)))
			.all()
			.collect(java.util.stream.Collectors.groupingBy(Map.Entry::getKey,
					java.util.stream.Collectors.summingLong(Map.Entry::getValue)));
	}

	/** The ids of the procedures that have submissions in a section. */
	Mono<List<String>> proceduresPresent(String sectionId) {
		return this.db.sql(PROCEDURES_SQL)
			.bind("section", sectionId)
			.map((row) -> row.get("procedure_id", String.class))
			.all()
			.collectList();
	}

	private static Row row(Readable row) {
		Integer revision = row.get("revision", Integer.class);
		return new Row(row.get("id", UUID.class), row.get("receipt_number", String.class),
				row.get("procedure_id", String.class), row.get("submitted_at", OffsetDateTime.class).toInstant(),
				SubmissionStatus.valueOf(row.get("status", String.class)), row.get("assignee_name", String.class),
				(revision != null) ? revision : 1);
	}

}
