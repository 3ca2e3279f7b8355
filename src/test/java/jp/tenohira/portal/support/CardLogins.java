package jp.tenohira.portal.support;

import jp.tenohira.portal.jpki.simulator.Persona;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logging a test browser in with the My Number card: follows the redirects through the
 * portal and the デジタル認証アプリ simulator, answering the app's page in its automatic mode with
 * a persona and an outcome (for example {@code ok}, {@code pin_locked}).
 */
public final class CardLogins {

	private CardLogins() {
	}

	/**
	 * Follows redirects from {@code startPath}; at the simulator's authorization endpoint
	 * the persona and outcome are chosen. Returns the first answer that is not a redirect
	 * (or the redirect into the portal after the callback when {@code stopAtCallback}).
	 */
	public static ResidentClient.Response follow(ResidentClient browser, String startPath, Persona persona,
			String outcome) {
		ResidentClient.Response response = browser.get(startPath);
		String issuer = TestCardProvider.shared().simulator().issuer();
		for (int hop = 0; hop < 12 && response.status() / 100 == 3; hop++) {
			String location = response.location();
			if (location.startsWith(issuer) && location.contains("/protocol/openid-connect/auth?")) {
				location = location + "&auto=1&persona=" + persona.id() + "&outcome=" + outcome;
			}
			response = browser.get(location);
		}
		return response;
	}

	/**
	 * The authorization endpoint's address the portal sends the browser to, unanswered.
	 */
	public static String authorizationRedirect(ResidentClient browser, String startPath) {
		ResidentClient.Response response = browser.get(startPath);
		String issuer = TestCardProvider.shared().simulator().issuer();
		for (int hop = 0; hop < 6 && response.status() / 100 == 3; hop++) {
			if (response.location().startsWith(issuer)) {
				return response.location();
			}
			response = browser.get(response.location());
		}
		throw new AssertionError("never sent to the デジタル認証アプリ: " + response.status());
	}

	/**
	 * A browser logged in with the card as the persona; it lands on {@code returnPath}.
	 */
	public static ResidentClient loggedIn(int port, Persona persona, String returnPath) {
		ResidentClient browser = new ResidentClient(port);
		ResidentClient.Response landed = follow(browser, "/login/card?return=" + returnPath, persona, "ok");
		assertThat(landed.status()).as("card login of " + persona.id()).isEqualTo(200);
		return browser;
	}

}
