package jp.tenohira.portal.notification;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.mail.SendFailedException;
import org.junit.jupiter.api.Test;

import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's rules that need no database: e-mail off without an SMTP server, the retry
 * schedule, and errors recorded by class name only.
 */
class MailRelayTests {

	@Test
	void withoutAnSmtpServerTheRelayDoesNothing() {
		// no outbox, no composer: any use of them would fail
		MailRelay relay = new MailRelay(null, null, null, (JavaMailSender) null, new NotificationProperties(null, null),
				Clock.systemUTC());
		assertThat(relay.sendDueOnce().block()).isZero();
	}

	@Test
	void sixAttemptsWithGrowingWaits() {
		assertThat(MailRelay.BACKOFF).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
				Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12));
		assertThat(MailRelay.MAX_ATTEMPTS).isEqualTo(6);
		assertThat(MailRelay.LEASE).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void errorsAreRecordedByClassNameNeverByMessage() {
		String secret = "hanako@example.jp 郡山 花子";
		MailSendException connection = new MailSendException("Mail server connection failed " + secret,
				new jakarta.mail.MessagingException(secret, new ConnectException(secret)));
		assertThat(MailRelay.errorName(connection))
			.isEqualTo("org.springframework.mail.MailSendException < java.net.ConnectException");
		MailSendException refused = new MailSendException(
				Map.of(new Object(), new SendFailedException("550 unknown user " + secret)));
		assertThat(MailRelay.errorName(refused))
			.isEqualTo("org.springframework.mail.MailSendException < jakarta.mail.SendFailedException");
		assertThat(MailRelay.errorName(new IllegalStateException(secret))).isEqualTo("java.lang.IllegalStateException");
	}

	@Test
	void theSenderAddressHasADefault() {
		assertThat(new NotificationProperties(null, null).from()).isEqualTo("noreply@tenohira.invalid");
		assertThat(new NotificationProperties(" ", null).pollInterval()).isEqualTo(Duration.ofSeconds(2));
	}

}
