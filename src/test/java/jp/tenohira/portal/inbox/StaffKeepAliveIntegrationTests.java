package jp.tenohira.portal.inbox;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One browser's keep-alive connection through the staff pages: pages that finish on a
 * database thread, a redirect and a page without the database, in turn, and fresh logins.
 * Before Reactor Netty 1.3.8 (reactor-netty #4361) one request in a few dozen here was
 * never read (it waited until the client gave up, 15 s), because the request before it
 * had arrived while the previous exchange was still ending.
 */
@PortalIntegrationTest
class StaffKeepAliveIntegrationTests {

	@Autowired
	Environment environment;

	@Test
	void everyRequestOnOneConnectionIsAnswered() {
		int port = Integer.parseInt(this.environment.getProperty("local.server.port"));
		ResidentClient clerk = ResidentClient.staff(port, Personas.CLERK_X);
		String[] paths = { "/staff/sections/" + Personas.SECTION_X, "/procedures", "/staff",
				"/staff/sections/" + Personas.SECTION_X + "?status=all", "/procedures/sodai-gomi" };
		long started = System.nanoTime();
		for (int i = 0; i < 250; i++) {
			String path = paths[i % paths.length];
			assertThat(clerk.get(path).status()).as(i + " " + path).isIn(200, 303);
		}
		System.out.printf("250 requests on one keep-alive connection in %d ms%n",
				(System.nanoTime() - started) / 1_000_000);
		// the login callback ends on the identity provider's client thread, and its
		// redirect is committed by the server adapter
		for (int i = 0; i < 30; i++) {
			ResidentClient again = ResidentClient.staff(port, Personas.CLERK_X);
			assertThat(again.get("/procedures").status()).isEqualTo(200);
			assertThat(again.get("/staff/sections/" + Personas.SECTION_X).status()).isEqualTo(200);
		}
	}

}
