package jp.tenohira.portal.notification;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import jp.tenohira.portal.shared.Periodic;

/**
 * Sends due e-mail every {@code portal.mail.poll-interval} while the portal runs.
 */
@Component
class MailRelaySchedule implements SmartLifecycle {

	private final Periodic periodic;

	MailRelaySchedule(MailRelay target, @Value("${portal.mail.poll-interval:2s}") Duration interval) {
		this.periodic = new Periodic("Mail relay", interval, interval, target::poll);
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
