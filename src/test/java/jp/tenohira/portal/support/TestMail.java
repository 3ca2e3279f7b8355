package jp.tenohira.portal.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * One GreenMail SMTP server for the test run, on a free loopback port, so that every
 * portal context sends real SMTP to it.
 */
public final class TestMail {

	public static final int SMTP_PORT = freePort();

	private static GreenMail shared;

	private TestMail() {
	}

	public static synchronized GreenMail shared() {
		if (shared == null) {
			shared = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
			shared.start();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
		}
		return shared;
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
