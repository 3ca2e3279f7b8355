package jp.tenohira.portal;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Features do not reach into each other's internals, and there are no cycles between
 * them.
 */
class ModularityTests {

	@Test
	void featureBoundariesHold() {
		ApplicationModules.of(PortalApplication.class).verify();
	}

}
