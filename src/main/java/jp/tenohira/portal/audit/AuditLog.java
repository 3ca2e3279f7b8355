package jp.tenohira.portal.audit;

import java.time.Clock;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import tools.jackson.databind.json.JsonMapper;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Appends to the audit trail. Callers record before they hand data out, inside the same
 * reactive chain, so that a view whose record cannot be written is not shown (fail
 * closed); status changes record in their own transaction.
 */
@Service
public class AuditLog {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DatabaseClient db;

	private final Clock clock;

	AuditLog(DatabaseClient db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	public Mono<Void> record(AuditEntry entry) {
		DatabaseClient.GenericExecuteSpec insert = this.db
			.sql("insert into audit_event (id, occurred_at, actor_kind, actor_issuer, actor_subject, actor_name, action, "
					+ "target_type, target_id, section_id, purpose, outcome, detail) values (:id, :at, :kind, :issuer, "
					+ ":subject, :name, :action, :targetType, :targetId, :section, :purpose, :outcome, :detail)")
			.bind("id", UUID.randomUUID())
			.bind("at", this.clock.instant().atOffset(java.time.ZoneOffset.UTC))
			.bind("kind", entry.actorKind())
			.bind("action", entry.action().name())
			.bind("outcome", entry.outcome().name())
			.bind("detail", Json.of(JSON.writeValueAsString(entry.detail())));
		insert = bind(insert, "issuer", entry.actorIssuer());
		insert = bind(insert, "subject", entry.actorSubject());
		insert = bind(insert, "name", entry.actorName());
		insert = bind(insert, "targetType", entry.targetType());
		insert = bind(insert, "targetId", entry.targetId());
		insert = bind(insert, "section", entry.sectionId());
		insert = bind(insert, "purpose", entry.purpose());
		return insert.then();
	}

	private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, String name,
			String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

}
