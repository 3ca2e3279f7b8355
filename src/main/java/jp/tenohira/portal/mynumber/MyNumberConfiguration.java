package jp.tenohira.portal.mynumber;

import com.nimbusds.jose.jwk.ECKey;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;

/**
 * The node's role and the My Number keys. Start-up is refused when a resident-facing node
 * is given the private key, when a key is not what it must be, when the two keys do not
 * belong together, or when definitions ask for My Numbers and no key to encrypt them to
 * is configured. The decrypting bean exists only where the role allows it and the key is
 * set.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MyNumberProperties.class)
class MyNumberConfiguration {

	/** A number with a valid check digit that is nobody's: used to check the keys. */
	private static final String PROBE = "000000000000";

	@Bean
	NodeRole nodeRole(Environment environment) {
		return NodeRole.of(environment.getProperty(NodeRole.PROPERTY));
	}

	@Bean
	MyNumberSealer myNumberSealer(MyNumberProperties properties, NodeRole role, FormRegistry registry) {
		if (!role.mayDecrypt() && properties.hasPrivateKey()) {
			throw new MyNumberKeyException(MyNumberKeys.PRIVATE_PROPERTY + " is set on a node in the resident role ("
					+ NodeRole.PROPERTY + "=resident). Resident-facing nodes must not hold the key that decrypts My "
					+ "Numbers: remove it from this node's configuration and keep it on staff-facing nodes only.");
		}
		ECKey publicKey = properties.hasPublicKey() ? MyNumberKeys.publicKey(properties.publicKey()) : null;
		if (properties.hasPrivateKey()) {
			ECKey privateKey = MyNumberKeys.privateKey(properties.privateKey());
			if (publicKey != null && !MyNumberKeys.samePair(publicKey, privateKey)) {
				throw new MyNumberKeyException(MyNumberKeys.PUBLIC_PROPERTY + " and " + MyNumberKeys.PRIVATE_PROPERTY
						+ " do not belong together: numbers encrypted to this public key could not be read");
			}
			publicKey = (publicKey != null) ? publicKey : privateKey.toPublicJWK();
		}
		if (publicKey == null) {
			String asking = registry.all()
				.stream()
				.filter(ProcedureDefinition::hasMyNumber)
				.map(ProcedureDefinition::id)
				.sorted()
				.reduce((a, b) -> a + ", " + b)
				.orElse(null);
			if (asking != null) {
				throw new MyNumberKeyException("The definitions " + asking + " ask for a My Number, but "
						+ MyNumberKeys.PUBLIC_PROPERTY + " is not set: there is no key to encrypt them to.");
			}
		}
		MyNumberSealer sealer = new MyNumberSealer(publicKey);
		if (sealer.isAvailable()) {
			// first use loads the JCA providers: here, not on an event loop
			sealer.seal(PROBE);
		}
		return sealer;
	}

	@Bean
	MyNumberProtector myNumberProtector(MyNumberSealer sealer) {
		return new MyNumberProtector(sealer);
	}

	@Bean
	@Conditional(MayDecrypt.class)
	MyNumberOpener myNumberOpener(MyNumberProperties properties, MyNumberSealer sealer) {
		MyNumberOpener opener = new MyNumberOpener(MyNumberKeys.privateKey(properties.privateKey()));
		if (!PROBE.equals(opener.open(sealer.seal(PROBE)))) {
			throw new MyNumberKeyException("the My Number keys do not decrypt what they encrypt");
		}
		return opener;
	}

	/** The node's role allows decrypting and the private key is set. */
	static class MayDecrypt implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			return NodeRole.of(environment.getProperty(NodeRole.PROPERTY)).mayDecrypt()
					&& StringUtils.hasText(environment.getProperty(MyNumberKeys.PRIVATE_PROPERTY));
		}

	}

}
