package jp.tenohira.portal.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-client limits on writes. A client is the connecting address;
 * {@code X-Forwarded-For} is honoured only when the server is configured to trust a proxy
 * ({@code server.forward-headers-strategy}).
 *
 * @param enabled whether limits apply
 * @param submitsPerMinute submits, including start of a new application
 * @param savesPerMinute page saves (each Next, Back, add item, address look-up)
 * @param uploadsPerMinute page saves that carry a file
 * @param loginsPerMinute login starts (each creates a short server session for the OIDC
 * state)
 * @param maxClients how many clients' buckets are kept in memory (least recently used are
 * dropped)
 * @param window the refill window of every bucket
 */
@ConfigurationProperties("portal.rate-limit")
public record RateLimitProperties(Boolean enabled, Integer submitsPerMinute, Integer savesPerMinute,
		Integer uploadsPerMinute, Integer loginsPerMinute, Integer maxClients, Duration window) {

	public RateLimitProperties {
		enabled = (enabled != null) ? enabled : Boolean.TRUE;
		submitsPerMinute = (submitsPerMinute != null) ? submitsPerMinute : 10;
		savesPerMinute = (savesPerMinute != null) ? savesPerMinute : 120;
		uploadsPerMinute = (uploadsPerMinute != null) ? uploadsPerMinute : 20;
		loginsPerMinute = (loginsPerMinute != null) ? loginsPerMinute : 10;
		maxClients = (maxClients != null) ? maxClients : 100_000;
		window = (window != null) ? window : Duration.ofMinutes(1);
	}

}
