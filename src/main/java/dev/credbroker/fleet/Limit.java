package dev.credbroker.fleet;

import java.time.Duration;

import io.github.bucket4j.BucketConfiguration;

/**
 * A token bucket's limit: {@code capacity} tokens, refilled greedily, a token at a time, so that
 * an empty bucket is full again after {@code refillPeriod}.
 *
 * @param capacity the bucket's size, at least one
 * @param refillPeriod how long an empty bucket takes to fill up
 */
public record Limit(long capacity, Duration refillPeriod) {

	public Limit {
		if (capacity < 1) {
			throw new IllegalArgumentException("a bucket holds at least one token");
		}
		if (refillPeriod.isNegative() || refillPeriod.isZero()) {
			throw new IllegalArgumentException("a bucket refills over a positive time");
		}
	}

	/**
	 * A limit of so many tokens a second, at most {@code burst} at once.
	 * @param ratePerSecond tokens refilled a second, above zero
	 * @param burst the bucket's size
	 * @return the limit
	 */
	public static Limit perSecond(double ratePerSecond, long burst) {
		if (!(ratePerSecond > 0)) {
			throw new IllegalArgumentException("a bucket refills at a positive rate");
		}
		return new Limit(burst, Duration.ofNanos(Math.round(burst / ratePerSecond * 1_000_000_000d)));
	}

	/**
	 * The share of one of {@code shares} replicas: both the capacity and the rate divided, the
	 * capacity floored, at least one token.
	 * @param shares how many share the limit
	 * @return the share
	 */
	public Limit share(int shares) {
		if (shares < 1) {
			throw new IllegalArgumentException("a limit is shared by at least one replica");
		}
		long capacity = Math.max(1, this.capacity / shares);
		// The same rate over the floored capacity: refill the share's tokens in the time
		// the whole fleet refills capacity / shares of them.
		double nanos = this.refillPeriod.toNanos() * ((double) capacity * shares / this.capacity);
		return new Limit(capacity, Duration.ofNanos(Math.round(nanos)));
	}

	/**
	 * Bucket4j's configuration of a bucket of this limit.
	 * @return the configuration
	 */
	BucketConfiguration configuration() {
		return BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(this.capacity).refillGreedy(this.capacity, this.refillPeriod))
			.build();
	}

	/**
	 * A name for the limit, part of a bucket's key, so that another limit never inherits a bucket's
	 * state kept under an earlier one.
	 * @return capacity and period
	 */
	String key() {
		return this.capacity + "/" + this.refillPeriod.toMillis() + "ms";
	}

}
