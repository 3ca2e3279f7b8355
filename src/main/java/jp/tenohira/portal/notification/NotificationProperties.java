package jp.tenohira.portal.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * E-mail notification settings. The SMTP server itself is Spring Boot's
 * {@code spring.mail.*}; without {@code spring.mail.host} e-mail is off.
 *
 * @param from the sender address of every notification (a no-reply address)
 * @param pollInterval how often the relay looks for due notifications in the outbox
 */
@ConfigurationProperties("portal.mail")
public record NotificationProperties(String from, Duration pollInterval) {

	public NotificationProperties {
		from = (from != null && !from.isBlank()) ? from : "noreply@tenohira.invalid";
		pollInterval = (pollInterval != null) ? pollInterval : Duration.ofSeconds(2);
	}

}
