package jp.tenohira.portal.inbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A staff browser's server-sent event stream read line by line over plain HTTP, with
 * bounded waits. Lines arrive through a line subscriber into a queue; closing cancels the
 * subscription, which closes the connection.
 */
final class StaffEventStream implements AutoCloseable, Flow.Subscriber<String> {

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final List<String> seen = new ArrayList<>();

	private final CompletableFuture<HttpResponse.ResponseInfo> headers = new CompletableFuture<>();

	private volatile Flow.Subscription subscription;

	private StaffEventStream() {
	}

	/** Opens the stream with a logged-in browser's session cookie. */
	static StaffEventStream open(int port, String sessionCookie, String path) throws Exception {
		StaffEventStream stream = new StaffEventStream();
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Accept", "text/event-stream")
			.header("Cookie", "session=" + sessionCookie)
			.GET()
			.build();
		http.sendAsync(request, (info) -> {
			stream.headers.complete(info);
			return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
		});
		stream.headers.get(15, TimeUnit.SECONDS);
		return stream;
	}

	int status() {
		return this.headers.join().statusCode();
	}

	String contentType() {
		return this.headers.join().headers().firstValue("Content-Type").orElse("");
	}

	/**
	 * The first line from now on that matches, or {@code null} when none came within the
	 * time.
	 */
	String await(Predicate<String> matching, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return null;
			}
			String line = this.lines.poll(left, TimeUnit.NANOSECONDS);
			if (line == null) {
				return null;
			}
			this.seen.add(line);
			if (matching.test(line)) {
				return line;
			}
		}
	}

	/** Every line read so far by {@link #await}. */
	List<String> seen() {
		return List.copyOf(this.seen);
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(String line) {
		this.lines.add(line);
	}

	@Override
	public void onError(Throwable throwable) {
		// the connection closed
	}

	@Override
	public void onComplete() {
	}

	@Override
	public void close() {
		Flow.Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

}
