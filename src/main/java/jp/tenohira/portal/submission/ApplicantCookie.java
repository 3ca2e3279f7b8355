package jp.tenohira.portal.submission;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import jp.tenohira.portal.forms.AssuranceLevel;
import jp.tenohira.portal.identity.ResidentAuthorities;

/**
 * The browser's applicant key: a random value in an HttpOnly cookie (only its hash is
 * stored) that ties anonymous drafts to the browser that made them, independently of the
 * server session, so a session timeout loses nothing.
 */
@Component
class ApplicantCookie {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ApplicantCookieProperties properties;

	private final boolean secure;

	private final String name;

	/**
	 * Whether cookies are Secure is one setting for the whole portal
	 * ({@code portal.security.secure-cookies}), shared with the CSRF cookie.
	 */
	ApplicantCookie(ApplicantCookieProperties properties,
			@Value("${portal.security.secure-cookies:true}") boolean secure) {
		this.properties = properties;
		this.secure = secure;
		this.name = secure ? "__Host-applicant" : "applicant";
	}

	/**
	 * The applicant key cookie.
	 *
	 * @param maxAge how long a browser keeps its drafts reachable without logging in
	 */
	@ConfigurationProperties("portal.applicant-cookie")
	record ApplicantCookieProperties(Duration maxAge) {

		ApplicantCookieProperties {
			maxAge = (maxAge != null) ? maxAge : Duration.ofDays(30);
		}

	}

	/**
	 * The applicant for this request; an anonymous browser without a key has one that
	 * owns nothing.
	 */
	Applicant current(ServerWebExchange exchange, OidcUser user) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(this.name);
		String hash = (cookie != null && !cookie.getValue().isBlank()) ? ApplicationService.hashToken(cookie.getValue())
				: "none";
		return applicant(hash, user);
	}

	/**
	 * The applicant for this request, giving the browser a key first if it has none (when
	 * starting a draft).
	 */
	Applicant currentOrIssue(ServerWebExchange exchange, OidcUser user) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(this.name);
		String token;
		if (cookie != null && cookie.getValue().length() >= 32) {
			token = cookie.getValue();
		}
		else {
			byte[] bytes = new byte[32];
			RANDOM.nextBytes(bytes);
			token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}
		exchange.getResponse()
			.addCookie(ResponseCookie.from(this.name, token)
				.httpOnly(true)
				.secure(this.secure)
				.sameSite("Lax")
				.path("/")
				.maxAge(this.properties.maxAge())
				.build());
		return applicant(ApplicationService.hashToken(token), user);
	}

	private static Applicant applicant(String hash, OidcUser user) {
		// only a resident login makes an applicant; a member of staff browsing the forms
		// is anonymous here
		if (user == null || !ResidentAuthorities.isResident(user.getAuthorities())) {
			return new Applicant(hash, null, null);
		}
		if (!ResidentAuthorities.isCardLogin(user.getAuthorities())) {
			return new Applicant(hash, user.getIssuer().toString(), user.getSubject());
		}
		Map<String, String> facts = new LinkedHashMap<>();
		if (user.getUserInfo() != null) {
			for (String claim : CARD_CLAIMS) {
				String value = user.getUserInfo().getClaimAsString(claim);
				if (value != null && !value.isBlank()) {
					facts.put(claim, value);
				}
			}
		}
		return new Applicant(hash, user.getIssuer().toString(), user.getSubject(), AssuranceLevel.JPKI_AUTH, facts);
	}

	/** The 基本4情報 claims of the デジタル認証アプリ's userinfo. */
	private static final List<String> CARD_CLAIMS = List.of("name", "address", "birthdate", "gender");

}
