package jp.tenohira.portal.web;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * The event loop of the connection a request came in on, for handlers whose results
 * arrive on a database thread. Rendering and writing the response there makes the request
 * end in the same event-loop task that writes its last byte: written from another thread,
 * the response could reach the client before Reactor Netty (1.3.6) had finished the
 * request, and a keep-alive request sent in that gap was buffered and then never read
 * (reactor-netty issue 4361, fixed in 1.3.8).
 */
public final class EventLoops {

	private EventLoops() {
	}

	/**
	 * A scheduler on the request's event loop, or the current thread when the server is
	 * not Reactor Netty.
	 */
	public static Scheduler of(ServerWebExchange exchange) {
		Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		if (request instanceof reactor.netty.Connection connection) {
			return Schedulers.fromExecutor(connection.channel().eventLoop());
		}
		return Schedulers.immediate();
	}

}
