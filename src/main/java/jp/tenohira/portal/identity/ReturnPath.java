package jp.tenohira.portal.identity;

import java.util.regex.Pattern;

/**
 * Where a resident may be sent back to after logging in: only the portal's own procedure,
 * draft page and check pages, never an address from elsewhere (no open redirect).
 */
final class ReturnPath {

	private static final Pattern SAFE = Pattern.compile(
			"/procedures/[a-z0-9-]{1,64}|/applications/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/(pages/[a-z0-9-]{1,64}|check)");

	private ReturnPath() {
	}

	/** The path if it is one of ours, else マイページ. */
	static String orMyPage(String path) {
		return (path != null && SAFE.matcher(path).matches()) ? path : "/mypage";
	}

}
