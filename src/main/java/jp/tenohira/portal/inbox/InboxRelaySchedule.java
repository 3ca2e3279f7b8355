package jp.tenohira.portal.inbox;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import jp.tenohira.portal.shared.Periodic;

/**
 * Runs the outbox-to-inbox relay every {@code portal.inbox.relay-interval} while the
 * portal runs.
 */
@Configuration(proxyBeanMethods = false)
class InboxRelaySchedule {

	@Bean
	Periodic inboxRelayLoop(InboxRelay target, @Value("${portal.inbox.relay-interval:1s}") Duration interval) {
		return new Periodic("Inbox relay", interval, interval, target::relay);
	}

}
