package jp.tenohira.portal.inbox;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.web.server.WebSession;

/**
 * Kana names staff searched for, kept in their session under random tokens, so that the
 * list's address (bookmarks, history, logs) carries only the token. A session keeps the
 * latest few.
 */
final class NameSearches {

	static final String ATTRIBUTE = NameSearches.class.getName();

	private static final int KEPT = 20;

	private static final SecureRandom RANDOM = new SecureRandom();

	private NameSearches() {
	}

	/** Keeps a (normalised) kana name and returns its token. */
	static String store(WebSession session, String kana) {
		Map<String, String> current = session.getAttribute(ATTRIBUTE);
		LinkedHashMap<String, String> searches = new LinkedHashMap<>((current != null) ? current : Map.of());
		for (Map.Entry<String, String> entry : searches.entrySet()) {
			if (entry.getValue().equals(kana)) {
				return entry.getKey();
			}
		}
		byte[] bytes = new byte[12];
		RANDOM.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		searches.put(token, kana);
		while (searches.size() > KEPT) {
			searches.remove(searches.keySet().iterator().next());
		}
		session.getAttributes().put(ATTRIBUTE, searches);
		return token;
	}

	static Optional<String> find(WebSession session, String token) {
		Map<String, String> searches = session.getAttribute(ATTRIBUTE);
		return Optional.ofNullable((searches != null) ? searches.get(token) : null);
	}

}
