package jp.tenohira.portal.ratelimit;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Token buckets per client and action on the writes a bot could flood: starting and
 * submitting applications, saving pages, uploading. Over the limit the client gets 429
 * with {@code Retry-After} and a page in its language; what it had entered is already
 * saved. Buckets live in memory on one node (a bounded cache).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RateLimitFilter implements WebFilter {

	private final RateLimitProperties properties;

	private final MessageSource messages;

	private final Cache<String, Bucket> buckets;

	RateLimitFilter(RateLimitProperties properties, MessageSource messages) {
		this.properties = properties;
		this.messages = messages;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(properties.maxClients())
			.expireAfterAccess(properties.window().multipliedBy(2))
			.build();
	}

	/** The kinds of request limited separately. */
	enum Action {

		SUBMIT, SAVE, UPLOAD, LOGIN

	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Action action = action(exchange);
		if (action == null || !this.properties.enabled()) {
			return chain.filter(exchange);
		}
		String client = client(exchange);
		Bucket bucket = this.buckets.get(action + "|" + client, (key) -> newBucket(action));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			return chain.filter(exchange);
		}
		long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
		return tooManyRequests(exchange, seconds);
	}

	private static final PathPattern APPLY = PathPatternParser.defaultInstance.parse("/procedures/{id}/apply");

	private static final PathPattern SUBMIT = PathPatternParser.defaultInstance.parse("/applications/{id}/submit");

	private static final PathPattern APPLICATIONS = PathPatternParser.defaultInstance.parse("/applications/**");

	private static final PathPattern LOGIN = PathPatternParser.defaultInstance.parse("/oauth2/authorization/{id}");

	/**
	 * The action a request counts against, matched like the router matches it (decoded
	 * path segments, any method), so {@code /appl%79} or a HEAD request cannot slip past
	 * a limit.
	 */
	static Action action(ServerWebExchange exchange) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		if (LOGIN.matches(path)) {
			return Action.LOGIN;
		}
		HttpMethod method = exchange.getRequest().getMethod();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
			return null;
		}
		if (APPLY.matches(path) || SUBMIT.matches(path)) {
			return Action.SUBMIT;
		}
		if (APPLICATIONS.matches(path)) {
			MediaType type = exchange.getRequest().getHeaders().getContentType();
			return (type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) ? Action.UPLOAD : Action.SAVE;
		}
		return null;
	}

	private Bucket newBucket(Action action) {
		int perWindow = switch (action) {
			case SUBMIT -> this.properties.submitsPerMinute();
			case SAVE -> this.properties.savesPerMinute();
			case UPLOAD -> this.properties.uploadsPerMinute();
			case LOGIN -> this.properties.loginsPerMinute();
		};
		return Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(perWindow).refillGreedy(perWindow, this.properties.window()).build())
			.build();
	}

	/**
	 * The connecting peer; behind a trusted proxy Spring's forwarded-header handling has
	 * already set it.
	 */
	private static String client(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	private Mono<Void> tooManyRequests(ServerWebExchange exchange, long seconds) {
		Locale locale = exchange.getLocaleContext().getLocale();
		Locale resolved = (locale != null) ? locale : Locale.JAPANESE;
		String title = HtmlUtils.htmlEscape(this.messages.getMessage("ratelimit.title", null, resolved));
		String body = HtmlUtils
			.htmlEscape(this.messages.getMessage("ratelimit.body", new Object[] { seconds }, resolved));
		String html = "<!DOCTYPE html><html lang=\"" + ("en".equals(resolved.getLanguage()) ? "en" : "ja")
				+ "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
				+ "<title>" + title
				+ "</title><link rel=\"stylesheet\" href=\"/css/portal.css\"></head><body><main id=\"main\" class=\"container\"><h1>"
				+ title + "</h1><p>" + body + "</p></main></body></html>";
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
		response.getHeaders().set("Retry-After", String.valueOf(seconds));
		response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
		DataBuffer buffer = response.bufferFactory().wrap(html.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

}
