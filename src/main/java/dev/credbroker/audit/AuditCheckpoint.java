package dev.credbroker.audit;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Writes the chain head to the application log, apart from the audit stream, every interval and
 * at shutdown: a head kept elsewhere is what shows a trail cut short ({@code audit-verify --head}),
 * which the chain alone cannot, since a trail's last records can be removed without breaking it.
 */
final class AuditCheckpoint implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(AuditCheckpoint.class);

	private final AuditTrail trail;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	AuditCheckpoint(AuditTrail trail, Duration interval) {
		if (interval.isNegative() || interval.toMillis() == 0) {
			throw new IllegalStateException("broker.audit.checkpoint-interval must be at least 1ms, not " + interval);
		}
		this.trail = trail;
		this.interval = interval;
	}

	/** Logs the head, one INFO line. */
	void checkpoint() {
		AuditTrail.ChainPosition head = this.trail.head();
		AuditChain.Origin origin = this.trail.origin();
		logger.info("Audit chain head: seq=" + head.seq() + " hash=" + head.hash() + " instance=" + origin.instance()
				+ " boot=" + origin.boot());
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "audit-checkpoint");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::checkpointSafely, millis, millis, TimeUnit.MILLISECONDS);
	}

	private void checkpointSafely() {
		try {
			checkpoint();
		}
		catch (RuntimeException ex) {
			// A failure must not end the schedule: the next checkpoint is as good.
			logger.error("Audit checkpoint failed", ex);
		}
	}

	/**
	 * Stops the schedule and logs the last head, after any checkpoint under way, so that the last
	 * line is the shutdown's.
	 */
	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			try {
				this.executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
			checkpoint();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Stopped after the web server, whose graceful shutdown lets the last requests finish and be
	 * recorded first (it stops in phases just below the default), so that the last head is the
	 * trail's last record.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

}
