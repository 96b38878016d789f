package dev.credbroker.fleet;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Token buckets by name, for one purpose (the ARM budget, team quotas), each with its
 * {@link Limit}: in this replica's memory ({@link LocalBuckets}), or in fleet mode in Redis, one
 * for the whole fleet ({@link FleetBuckets}).
 */
public interface Buckets {

	/** Buckets held in memory at once, at most. */
	int MAX_BUCKETS = 10_000;

	/**
	 * Reserves a token that is free now or within {@code maxWait}. Never blocks: the answer
	 * completes once the token may be used, so that reserved tokens are used in order.
	 * @param name the bucket
	 * @param limit its limit
	 * @param maxWait how long the caller may wait
	 * @return the reservation: granted once the token may be used, or refused at once, with the
	 * time until a token is free
	 */
	CompletableFuture<Reservation> reserve(String name, Limit limit, Duration maxWait);

	/**
	 * Takes a token if one is free now.
	 * @param name the bucket
	 * @param limit its limit
	 * @return nothing when the token was taken; otherwise the time until one is free
	 */
	Optional<Duration> tryTake(String name, Limit limit);

	/**
	 * How many buckets are held in memory, for tests of the bound.
	 * @return the count
	 */
	long held();

	/**
	 * A wait in whole seconds, rounded up, at least one: for a {@code Retry-After}.
	 * @param nanos the wait
	 * @return the seconds
	 */
	static Duration roundedUp(long nanos) {
		long seconds = (nanos + 999_999_999L) / 1_000_000_000L;
		return Duration.ofSeconds(Math.max(1, seconds));
	}

	/**
	 * A reservation's outcome.
	 *
	 * @param granted whether a token was reserved
	 * @param retryAfter when refused, the time until a token is free, at least one second,
	 * rounded up to whole seconds
	 */
	record Reservation(boolean granted, Duration retryAfter) {

		static final Reservation GRANTED = new Reservation(true, Duration.ZERO);

		static Reservation refused(long nanosToWait) {
			return new Reservation(false, roundedUp(nanosToWait));
		}

	}

}
