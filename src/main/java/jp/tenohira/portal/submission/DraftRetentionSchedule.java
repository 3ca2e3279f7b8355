package jp.tenohira.portal.submission;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import jp.tenohira.portal.shared.Periodic;

/**
 * Deletes abandoned drafts every {@code portal.drafts.purge-interval} while the portal
 * runs.
 */
@Configuration(proxyBeanMethods = false)
class DraftRetentionSchedule {

	@Bean
	Periodic draftRetentionLoop(DraftRetention target, @Value("${portal.drafts.purge-interval:1h}") Duration interval) {
		return new Periodic("Draft clean-up", interval, interval, target::purge);
	}

}
