package dev.credbroker.azure;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A token bucket: {@code capacity} permits, refilled at {@code ratePerSecond}. Azure counts
 * {@code listKeys} against a bucket of this kind per principal and subscription; the broker keeps
 * its own, smaller, so that Azure never has to throttle it. Resilience4j's rate limiter has fixed
 * windows and no burst, hence this small class.
 */
final class TokenBucket {

	private final double capacity;

	private final double permitsPerNano;

	private double permits;

	private long refilledAt;

	/** Time, by the broker's clock: a clock set back refills nothing rather than taking permits away. */
	private final Clock clock;

	TokenBucket(double ratePerSecond, int capacity, Clock clock) {
		this.capacity = capacity;
		this.permitsPerNano = ratePerSecond / 1_000_000_000d;
		this.permits = capacity;
		this.clock = clock;
		this.refilledAt = now();
	}

	private long now() {
		return TimeUnit.MILLISECONDS.toNanos(this.clock.millis());
	}

	/**
	 * Reserves a permit that is free now or within {@code maxWait}. Never blocks: the caller waits
	 * the returned time, so that reserved permits are handed out in order.
	 * @param maxWait how long a caller may wait
	 * @return how long to wait before using the permit, or {@code null} if none is free in time
	 */
	synchronized @Nullable Duration reserve(Duration maxWait) {
		long now = now();
		if (now > this.refilledAt) {
			this.permits = Math.min(this.capacity, this.permits + (now - this.refilledAt) * this.permitsPerNano);
			this.refilledAt = now;
		}
		long wait = (this.permits >= 1) ? 0 : (long) Math.ceil((1 - this.permits) / this.permitsPerNano);
		if (wait > maxWait.toNanos()) {
			return null;
		}
		this.permits -= 1;
		return Duration.ofNanos(wait);
	}

	/**
	 * How long until a permit is free, for a {@code Retry-After}.
	 * @return the time, at least one second
	 */
	synchronized Duration untilNextPermit() {
		long wait = (this.permits >= 1) ? 0 : (long) Math.ceil((1 - this.permits) / this.permitsPerNano);
		return Duration.ofSeconds(Math.max(1, Duration.ofNanos(wait).toSeconds() + 1));
	}

}
