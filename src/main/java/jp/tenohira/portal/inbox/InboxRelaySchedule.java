package jp.tenohira.portal.inbox;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import jp.tenohira.portal.shared.Periodic;

/**
 * Runs the outbox-to-inbox relay every {@code portal.inbox.relay-interval} while the
 * portal runs.
 */
@Component
class InboxRelaySchedule implements SmartLifecycle {

	private final Periodic periodic;

	InboxRelaySchedule(InboxRelay target, @Value("${portal.inbox.relay-interval:1s}") Duration interval) {
		this.periodic = new Periodic("Inbox relay", interval, interval, target::relay);
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
