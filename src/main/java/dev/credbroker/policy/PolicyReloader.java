package dev.credbroker.policy;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Polls the policy file for changes. Polling, rather than a file watch, because a watch does not
 * see Kubernetes replace the {@code ..data} symlink behind a ConfigMap mount.
 */
final class PolicyReloader implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PolicyReloader.class);

	private final PolicyStore store;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	PolicyReloader(PolicyStore store, Duration interval) {
		this.store = store;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "policy-reloader");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::reload, millis, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * One poll. Whatever it throws stops here: a scheduled executor cancels a task's every later
	 * run, without a word, once a run throws, and a broker that no longer reloads keeps every
	 * grant its policy file has since taken away.
	 */
	private void reload() {
		try {
			this.store.reloadIfChanged();
		}
		catch (Throwable ex) {
			logger.error("Policy reload failed; the next poll is in " + this.interval.toMillis() + " ms", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
