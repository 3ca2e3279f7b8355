package jp.tenohira.portal.notification;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import jp.tenohira.portal.shared.Periodic;

/**
 * Sends due e-mail every {@code portal.mail.poll-interval} while the portal runs.
 */
@Configuration(proxyBeanMethods = false)
class MailRelaySchedule {

	@Bean
	Periodic mailRelayLoop(MailRelay target, @Value("${portal.mail.poll-interval:2s}") Duration interval) {
		return new Periodic("Mail relay", interval, interval, target::poll);
	}

}
