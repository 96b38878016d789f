package dev.credbroker.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;

/**
 * Makes the broker's token buckets, all refilled by its one clock, in Redis in fleet mode, and
 * completes the reservations that wait on one thread of its own.
 */
public class RateLimits implements AutoCloseable {

	private final Clock clock;

	private final ScheduledExecutorService scheduler;

	private final @Nullable Fleet fleet;

	private final int shares;

	RateLimits(Clock clock, @Nullable Fleet fleet, int shares) {
		this.clock = clock;
		this.fleet = fleet;
		this.shares = shares;
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
		return new RateLimits(clock, null, 1);
	}

	/**
	 * Buckets for one purpose.
	 * @param purpose what they are for, part of their keys in Redis
	 * @param slack the longest a reservation in them may wait
	 * @return the buckets
	 */
	public Buckets buckets(String purpose, Duration slack) {
		LocalBuckets local = new LocalBuckets(this.clock, slack, this.scheduler);
		return (this.fleet != null) ? new FleetBuckets(this.fleet, purpose, this.scheduler, local, this.shares) : local;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
