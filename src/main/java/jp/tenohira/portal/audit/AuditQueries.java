package jp.tenohira.portal.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for searching the audit trail: newest first, keyset paging on
 * {@code (occurred_at, id)} so that every page is an index range scan, and the lookups
 * that turn a receipt number into the submission it names.
 */
@Repository
class AuditQueries {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DatabaseClient db;

	AuditQueries(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * What to look for; null or empty members do not filter.
	 *
	 * @param actor the actor's subject
	 * @param action the action
	 * @param targets target ids that count as the same record (id and receipt number)
	 * @param section the section id
	 * @param outcome the outcome
	 * @param from earliest time (inclusive)
	 * @param to latest time (exclusive)
	 * @param after the last row of the previous page
	 */
	record Filter(String actor, AuditAction action, List<String> targets, String section, AuditEntry.Outcome outcome,
			Instant from, Instant to, Cursor after) {
	}

	/** The position after which the next page starts. */
	record Cursor(Instant occurredAt, UUID id) {

		String format() {
			return this.occurredAt + "_" + this.id;
		}

		static Cursor parse(String value) {
			if (value == null || value.isBlank() || value.length() > 80) {
				return null;
			}
			int split = value.lastIndexOf('_');
			if (split < 0) {
				return null;
			}
			try {
				return new Cursor(Instant.parse(value.substring(0, split)),
						UUID.fromString(value.substring(split + 1)));
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

	}

	/** One audit record as stored. */
	record Row(UUID id, Instant occurredAt, String actorKind, String actorIssuer, String actorSubject, String actorName,
			String action, String targetType, String targetId, String sectionId, String purpose, String outcome,
			Map<String, Object> detail) {
	}

	/** A submission found by id or receipt number. */
	record Submission(UUID id, String receiptNumber) {
	}

	Flux<Row> search(Filter filter, int limit) {
		StringBuilder sql = new StringBuilder("select id, occurred_at, actor_kind, actor_issuer, actor_subject, "
				+ "actor_name, action, target_type, target_id, section_id, purpose, outcome, detail "
				+ "from audit_event where true");
		if (filter.actor() != null) {
			sql.append(" and actor_subject = :actor");
		}
		if (filter.action() != null) {
			sql.append(" and action = :action");
		}
		if (!filter.targets().isEmpty()) {
			// API calls are recorded by route; their paths name the case too.
			sql.append(" and (target_id = any(:targets) or (target_type = 'route' and target_id like any(:patterns)))");
		}
		if (filter.section() != null) {
			sql.append(" and section_id = :section");
		}
		if (filter.outcome() != null) {
			sql.append(" and outcome = :outcome");
		}
		if (filter.from() != null) {
			sql.append(" and occurred_at >= :from");
		}
		if (filter.to() != null) {
			sql.append(" and occurred_at < :to");
		}
		if (filter.after() != null) {
			sql.append(" and (occurred_at, id) < (:afterAt, :afterId)");
		}
		sql.append(" order by occurred_at desc, id desc limit :limit");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString()).bind("limit", limit);
		if (filter.actor() != null) {
			spec = spec.bind("actor", filter.actor());
		}
		if (filter.action() != null) {
			spec = spec.bind("action", filter.action().name());
		}
		if (!filter.targets().isEmpty()) {
			spec = spec.bind("targets", filter.targets().toArray(new String[0]))
				.bind("patterns",
						filter.targets().stream().flatMap((t) -> routePatterns(t).stream()).toArray(String[]::new));
		}
		if (filter.section() != null) {
			spec = spec.bind("section", filter.section());
		}
		if (filter.outcome() != null) {
			spec = spec.bind("outcome", filter.outcome().name());
		}
		if (filter.from() != null) {
			spec = spec.bind("from", filter.from().atOffset(ZoneOffset.UTC));
		}
		if (filter.to() != null) {
			spec = spec.bind("to", filter.to().atOffset(ZoneOffset.UTC));
		}
		if (filter.after() != null) {
			spec = spec.bind("afterAt", filter.after().occurredAt().atOffset(ZoneOffset.UTC))
				.bind("afterId", filter.after().id());
		}
		return spec
			.map((row) -> new Row(row.get("id", UUID.class), row.get("occurred_at", OffsetDateTime.class).toInstant(),
					row.get("actor_kind", String.class), row.get("actor_issuer", String.class),
					row.get("actor_subject", String.class), row.get("actor_name", String.class),
					row.get("action", String.class), row.get("target_type", String.class),
					row.get("target_id", String.class), row.get("section_id", String.class),
					row.get("purpose", String.class), row.get("outcome", String.class),
					map(row.get("detail", Json.class))))
			.all();
	}

	/** The submission a target names, by id or by receipt number. */
	Mono<Submission> submission(String target) {
		UUID id = uuid(target);
		DatabaseClient.GenericExecuteSpec spec = (id != null)
				? this.db.sql("select id, receipt_number from submission where id = :id").bind("id", id)
				: this.db.sql("select id, receipt_number from submission where receipt_number = :receipt")
					.bind("receipt", target);
		return spec.map((row) -> new Submission(row.get("id", UUID.class), row.get("receipt_number", String.class)))
			.one();
	}

	/** Receipt numbers of the submissions on a page, by id. */
	Mono<Map<String, String>> receiptNumbers(List<UUID> ids) {
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.db.sql("select id, receipt_number from submission where id = any(:ids)")
			.bind("ids", ids.toArray(new UUID[0]))
			.map((row) -> Map.entry(row.get("id", UUID.class).toString(), row.get("receipt_number", String.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	static UUID uuid(String value) {
		if (value == null || value.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** LIKE patterns matching a route path that has the value as one segment. */
	private static List<String> routePatterns(String value) {
		String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		return List.of("%/" + escaped, "%/" + escaped + "/%");
	}

	private static Map<String, Object> map(Json json) {
		if (json == null) {
			return Map.of();
		}
		return JSON.readValue(json.asString(), new TypeReference<LinkedHashMap<String, Object>>() {
		});
	}

}
