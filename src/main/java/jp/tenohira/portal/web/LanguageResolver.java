package jp.tenohira.portal.web;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.LocaleContextResolver;

import jp.tenohira.portal.shared.Lang;

/**
 * The resident's language: {@code ?lang=} switches and is remembered in a cookie;
 * otherwise the cookie; otherwise Japanese. The browser's Accept-Language is not used, so
 * a Japanese-first public service stays predictable.
 */
class LanguageResolver implements LocaleContextResolver {

	static final String COOKIE = "lang";

	@Override
	public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
		String requested = exchange.getRequest().getQueryParams().getFirst("lang");
		Optional<Lang> fromQuery = Optional.ofNullable(requested).flatMap(Lang::fromCode);
		if (fromQuery.isPresent()) {
			exchange.getResponse()
				.addCookie(ResponseCookie.from(COOKIE, fromQuery.get().code())
					.path("/")
					.maxAge(Duration.ofDays(365))
					.sameSite("Lax")
					.httpOnly(true)
					.build());
			return new SimpleLocaleContext(fromQuery.get().locale());
		}
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
		Lang lang = Optional.ofNullable(cookie).map(HttpCookie::getValue).flatMap(Lang::fromCode).orElse(Lang.JA);
		return new SimpleLocaleContext(lang.locale());
	}

	@Override
	public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
		throw new UnsupportedOperationException("Use ?lang= to change the language");
	}

	static Lang lang(ServerWebExchange exchange) {
		Locale locale = exchange.getLocaleContext().getLocale();
		return Lang.fromLocale(locale);
	}

}
