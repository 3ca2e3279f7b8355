package jp.tenohira.portal.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound may let through on reactor threads in tests, each for a stated reason;
 * everything else that blocks an event loop fails the test that caused it.
 */
public class PortalBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		// Random bytes come from /dev/urandom, which never blocks once the kernel is
		// seeded (CSRF tokens, ids, nonces).
		builder.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes");
		builder.allowBlockingCallsInside("java.util.UUID", "randomUUID");
		// Thymeleaf reads a template from the classpath once per fragment selection and
		// caches the parse; whole
		// templates are warmed before readiness (StartupReadiness), fragments on their
		// first use.
		builder.allowBlockingCallsInside("org.thymeleaf.templateparser.reader.BlockAwareReader", "read");
		// Netty's adaptive allocator briefly takes a lock when it grows its magazines; it
		// is not I/O.
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
				"tryExpandMagazines");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
	}

}
