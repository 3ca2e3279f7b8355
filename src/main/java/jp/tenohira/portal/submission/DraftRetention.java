package jp.tenohira.portal.submission;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Deletes drafts nobody has touched for the retention period, with their attachments:
 * personal data a resident abandoned is not kept longer than the browser key that reaches
 * it. Submitted drafts belong to their submission and are never deleted here.
 */
@Component
public class DraftRetention {

	private static final Logger logger = LoggerFactory.getLogger(DraftRetention.class);

	private final DatabaseClient db;

	private final Clock clock;

	private final Duration retention;

	DraftRetention(DatabaseClient db, Clock clock, @Value("${portal.drafts.retention:30d}") Duration retention) {
		this.db = db;
		this.clock = clock;
		this.retention = retention;
	}

	/** Deletes open drafts last saved before the retention period; returns how many. */
	public Mono<Long> purgeOnce() {
		return this.db.sql("delete from draft where status = 'OPEN' and updated_at < :cutoff")
			.bind("cutoff", this.clock.instant().minus(this.retention).atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> purge() {
		return purgeOnce().doOnNext((count) -> {
			if (count > 0) {
				logger.info("Deleted {} drafts unused for {}", count, this.retention);
			}
		}).onErrorResume((ex) -> {
			logger.warn("Draft clean-up failed; will retry: {}", ex.toString());
			return Mono.empty();
		}).then();
	}

}
