package dev.credbroker.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Makes the broker's token buckets, all refilled by its one clock, and completes the
 * reservations that wait on one thread of its own.
 */
public class RateLimits implements AutoCloseable {

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	RateLimits(Clock clock) {
		this.clock = clock;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "broker-buckets");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Rate limits held in this replica's memory alone, for tests and tools.
	 * @param clock the clock by which buckets refill
	 * @return the rate limits
	 */
	public static RateLimits local(Clock clock) {
		return new RateLimits(clock);
	}

	/**
	 * Buckets for one purpose.
	 * @param slack the longest a reservation in them may wait
	 * @return the buckets
	 */
	public Buckets buckets(Duration slack) {
		return new Buckets(this.clock, slack, this.scheduler);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
