package jp.tenohira.portal.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.server.ResponseStatusException;

/**
 * The portal's few small style sheets and scripts, read once at start-up and served from
 * memory with an ETag. Serving them as files used Netty's zero-copy transfer, after which
 * the next request on the same keep-alive connection was occasionally never answered
 * (about 1 in 700 with the JDK and Python HTTP clients on this stack); from memory that
 * does not happen, and no file is read on an event-loop thread.
 */
@Controller
class StaticAssetController {

	private static final MediaType CSS = new MediaType("text", "css", java.nio.charset.StandardCharsets.UTF_8);

	private static final MediaType JAVASCRIPT = new MediaType("text", "javascript",
			java.nio.charset.StandardCharsets.UTF_8);

	private final Map<String, Asset> stylesheets = new LinkedHashMap<>();

	private final Map<String, Asset> scripts = new LinkedHashMap<>();

	private record Asset(byte[] content, String etag) {
	}

	StaticAssetController() {
		load("classpath:/static/css/*.css", this.stylesheets);
		load("classpath:/static/js/*.js", this.scripts);
	}

	private static void load(String pattern, Map<String, Asset> into) {
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver().getResources(pattern)) {
				try (InputStream in = resource.getInputStream()) {
					byte[] content = in.readAllBytes();
					into.put(resource.getFilename(), new Asset(content, etag(content)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@GetMapping("/css/{name}")
	ResponseEntity<byte[]> stylesheet(@PathVariable String name,
			@RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
		return serve(this.stylesheets.get(name), CSS, ifNoneMatch);
	}

	@GetMapping("/js/{name}")
	ResponseEntity<byte[]> script(@PathVariable String name,
			@RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
		return serve(this.scripts.get(name), JAVASCRIPT, ifNoneMatch);
	}

	private static ResponseEntity<byte[]> serve(Asset asset, MediaType type, String ifNoneMatch) {
		if (asset == null) {
			throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND);
		}
		CacheControl cache = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();
		if (asset.etag().equals(ifNoneMatch)) {
			return ResponseEntity.status(304).eTag(asset.etag()).cacheControl(cache).build();
		}
		return ResponseEntity.ok().contentType(type).eTag(asset.etag()).cacheControl(cache).body(asset.content());
	}

	private static String etag(byte[] content) {
		try {
			return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 12) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
