package jp.tenohira.portal.submission;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import jp.tenohira.portal.shared.Periodic;

/**
 * Deletes abandoned drafts every {@code portal.drafts.purge-interval} while the portal
 * runs.
 */
@Component
class DraftRetentionSchedule implements SmartLifecycle {

	private final Periodic periodic;

	DraftRetentionSchedule(DraftRetention target, @Value("${portal.drafts.purge-interval:1h}") Duration interval) {
		this.periodic = new Periodic("Draft clean-up", interval, interval, target::purge);
	}

	@Override
	public void start() {
		this.periodic.start();
	}

	@Override
	public void stop() {
		this.periodic.stop();
	}

	@Override
	public boolean isRunning() {
		return this.periodic.isRunning();
	}

}
