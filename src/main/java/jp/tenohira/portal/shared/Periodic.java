package jp.tenohira.portal.shared;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

/**
 * Runs a reactive task again and again, never two runs at once: a tick that comes while
 * the previous run is still going is skipped. A failed run is logged and the next tick
 * tries again. Declared as a bean, it starts and stops with the application. Background
 * relays (outbox to inbox, e-mail, clean-up) use this instead of {@code @Scheduled},
 * whose reactive support did not run them here.
 */
public final class Periodic implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Periodic.class);

	private final String name;

	private final Duration initialDelay;

	private final Duration interval;

	private final Supplier<Mono<?>> task;

	private volatile Disposable running;

	public Periodic(String name, Duration initialDelay, Duration interval, Supplier<Mono<?>> task) {
		this.name = name;
		this.initialDelay = initialDelay;
		this.interval = interval;
		this.task = task;
	}

	@Override
	public synchronized void start() {
		if (this.running != null) {
			return;
		}
		this.running = Flux.interval(this.initialDelay, this.interval, Schedulers.parallel())
			.onBackpressureDrop()
			.concatMap((tick) -> Mono.defer(this.task).onErrorResume((ex) -> {
				logger.warn("{} failed; will retry: {}", this.name, ex.getClass().getName());
				return Mono.empty();
			}).then(), 0)
			.subscribe();
	}

	@Override
	public synchronized void stop() {
		if (this.running != null) {
			this.running.dispose();
			this.running = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

}
