package jp.tenohira.portal.forms;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Every definition version ever served is kept in PostgreSQL, so a draft or submission
 * made under an older version still renders with exactly that form after the file
 * changes.
 */
@Component
public class DefinitionVersions {

	private final DatabaseClient db;

	private final FormRegistry registry;

	DefinitionVersions(DatabaseClient db, FormRegistry registry) {
		this.db = db;
		this.registry = registry;
	}

	/** Records the versions this node serves (idempotent; run at start-up). */
	public Mono<Void> recordCurrent() {
		return Flux.fromIterable(this.registry.all())
			.concatMap((d) -> this.db.sql(
					"insert into form_definition_version (procedure_id, version, source) values (:id, :version, :source) "
							+ "on conflict do nothing")
				.bind("id", d.id())
				.bind("version", d.version())
				.bind("source", d.source())
				.then())
			.then();
	}

	/**
	 * The definition at this version: from memory, else parsed from its stored source.
	 */
	public Mono<ProcedureDefinition> resolve(String procedureId, String version) {
		return Mono.justOrEmpty(this.registry.find(procedureId, version))
			.switchIfEmpty(Mono.defer(() -> this.db
				.sql("select source from form_definition_version where procedure_id = :id and version = :version")
				.bind("id", procedureId)
				.bind("version", version)
				.map((row) -> row.get("source", String.class))
				.one()
				.map((source) -> this.registry.restore(procedureId, source))));
	}

}
