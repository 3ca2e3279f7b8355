package jp.tenohira.portal.web;

import java.util.concurrent.Executor;

import io.netty.channel.EventLoop;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Writes and commits every response on its connection's own event loop. A response whose
 * last step ran on another thread (an R2DBC or HTTP client thread: most pages that read
 * the database, and the login callback) was otherwise flushed in one event-loop task and
 * its exchange ended in a later one; a keep-alive client that sent its next request in
 * between had that request buffered, and Reactor Netty 1.3.6 then stopped reading the
 * connection after answering it (reactor/reactor-netty#4347 and #4361, fixed in later
 * releases): the request after that one waited until the client gave up. Measured here:
 * one request in 5 to 40 when database pages and other pages alternate on one connection.
 * With the last write, the commit and the end of the exchange in one task, the next
 * request is read only afterwards. Error pages written by the server's exception handler
 * are not covered. Remove this filter once the portal runs on a Reactor Netty with those
 * fixes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeepAliveWriteFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		if (!(nativeRequest instanceof Connection connection)) {
			return chain.filter(exchange);
		}
		EventLoop loop = connection.channel().eventLoop();
		// on the event loop already: run at once (no extra task between the last write
		// and the end of the exchange); elsewhere: hand over to it
		Executor onLoop = (task) -> {
			if (loop.inEventLoop()) {
				task.run();
			}
			else {
				loop.execute(task);
			}
		};
		Scheduler scheduler = Schedulers.fromExecutor(onLoop);
		ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				return super.writeWith(Flux.from(body).publishOn(scheduler));
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				return super.writeAndFlushWith(
						Flux.from(body).map((part) -> Flux.from(part).publishOn(scheduler)).publishOn(scheduler));
			}

			@Override
			public Mono<Void> setComplete() {
				return isCommitted() ? Mono.empty() : Mono.defer(super::setComplete).subscribeOn(scheduler);
			}

		};
		// a handler that only set a status and headers (a redirect after login) leaves
		// the
		// commit to the server adapter, which would do it on the current thread: do it
		// here
		return chain.filter(exchange.mutate().response(response).build())
			.then(Mono.defer(() -> response.isCommitted() ? Mono.empty() : response.setComplete()));
	}

}
