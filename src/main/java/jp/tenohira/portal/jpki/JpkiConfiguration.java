package jp.tenohira.portal.jpki;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;

/**
 * The card client's beans, present only when {@code portal.jpki.client-key} is set (see
 * {@link JpkiProperties#configured()}): a portal without a card login starts without
 * them. Malformed keys stop start-up with a message naming the setting.
 */
@Configuration(proxyBeanMethods = false)
class JpkiConfiguration {

	@Bean
	@Conditional(CardConfigured.class)
	JpkiClientKeys jpkiClientKeys(JpkiProperties properties) {
		return JpkiClientKeys.from(properties);
	}

	@Bean
	@Conditional(CardConfigured.class)
	SignTransactions signTransactions(ReactiveClientRegistrationRepository registrations, JpkiProperties properties,
			JpkiClientKeys keys) {
		return new SignTransactions(registrations, properties, keys);
	}

	/** Whether {@code portal.jpki.client-key} has a value. */
	static class CardConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return Binder.get(context.getEnvironment())
				.bind("portal.jpki.client-key", String.class)
				.map((key) -> !key.isBlank())
				.orElse(false);
		}

	}

}
