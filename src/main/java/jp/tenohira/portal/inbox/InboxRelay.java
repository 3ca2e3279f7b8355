package jp.tenohira.portal.inbox;

import java.time.Clock;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Moves received submissions from the outbox into their section's inbox queue. One
 * statement claims a batch with {@code FOR UPDATE SKIP LOCKED}, inserts the items (once
 * per submission) and marks the entries processed, so several nodes can relay side by
 * side and a crash never loses or doubles an item.
 */
@Component
public class InboxRelay {

	private static final Logger logger = LoggerFactory.getLogger(InboxRelay.class);

	static final String RELAY_SQL = """
			with batch as (
			    select id, aggregate_id from outbox
			    where processed_at is null and event_type = 'submission.received'
			    order by created_at limit 100 for update skip locked
			), items as (
			    insert into inbox_item (id, submission_id, section_id, created_at)
			    select gen_random_uuid(), s.id, s.section_id, :now from batch b join submission s on s.id = b.aggregate_id
			    on conflict (submission_id) do nothing
			)
			update outbox set processed_at = :now, attempts = attempts + 1 where id in (select id from batch)
			""";

	private final DatabaseClient db;

	private final Clock clock;

	InboxRelay(DatabaseClient db, Clock clock) {
		this.db = db;
		this.clock = clock;
	}

	/** Relays one batch; returns how many outbox entries it processed. */
	public Mono<Long> relayOnce() {
		return this.db.sql(RELAY_SQL).bind("now", this.clock.instant().atOffset(ZoneOffset.UTC)).fetch().rowsUpdated();
	}

	Mono<Void> relay() {
		return relayOnce().doOnNext((count) -> {
			if (count > 0) {
				logger.debug("Relayed {} submissions to section inboxes", count);
			}
		}).onErrorResume((ex) -> {
			logger.warn("Inbox relay failed; will retry: {}", ex.toString());
			return Mono.empty();
		}).then();
	}

}
