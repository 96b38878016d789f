package dev.credbroker.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import org.jspecify.annotations.Nullable;

/**
 * Token buckets by name, for one purpose (the ARM budget, team quotas), each with its
 * {@link Limit}. In fleet mode they are Bucket4j's buckets in Redis, one for the whole fleet;
 * while Redis cannot be reached, and in local mode, they are held in this replica's memory, at its
 * share of the limit. A bucket in memory left alone until it is full again is dropped, which
 * changes nothing, since a new one starts full; so made-up names cannot grow the map, and its bound
 * is only a backstop. In Redis such a bucket expires too.
 */
public class Buckets {

	/** Buckets held at once, at most. */
	public static final int MAX_BUCKETS = 10_000;

	private final Cache<Key, Bucket> local;

	private final ClockTimeMeter time;

	private final ScheduledExecutorService scheduler;

	private final @Nullable Fleet fleet;

	private final String purpose;

	/** How many replicas share a limit while each keeps its buckets in memory. */
	private final int shares;

	/**
	 * @param clock the broker's clock, by which buckets refill
	 * @param slack the longest a reservation may wait, so that a bucket reserved ahead is kept
	 * until it is full again
	 * @param scheduler completes reservations that wait
	 * @param fleet the fleet's Redis, in fleet mode
	 * @param purpose what the buckets are for, part of their keys in Redis
	 * @param shares how many replicas share a limit while Redis cannot be reached
	 */
	Buckets(Clock clock, Duration slack, ScheduledExecutorService scheduler, @Nullable Fleet fleet, String purpose,
			int shares) {
		this.time = new ClockTimeMeter(clock);
		this.scheduler = scheduler;
		this.fleet = fleet;
		this.purpose = purpose;
		this.shares = shares;
		this.local = Caffeine.newBuilder()
			.expireAfter(new UntilFull(slack))
			.maximumSize(MAX_BUCKETS)
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.build();
	}

	/**
	 * Reserves a token that is free now or within {@code maxWait}. Never blocks: the answer
	 * completes once the token may be used, so that reserved tokens are used in order.
	 * @param name the bucket
	 * @param limit its limit
	 * @param maxWait how long the caller may wait
	 * @return the reservation: granted once the token may be used, or refused at once, with the
	 * time until a token is free
	 */
	public CompletableFuture<Reservation> reserve(String name, Limit limit, Duration maxWait) {
		ProxyManager<String> shared = (this.fleet != null) ? this.fleet.buckets() : null;
		if (shared == null) {
			return reserveLocally(name, local(limit), maxWait);
		}
		Fleet fleet = this.fleet;
		try {
			AsyncBucketProxy bucket = shared.asAsync()
				.builder()
				.build(fleet.key("bucket", this.purpose + ":" + name + ":" + limit.key()),
						() -> CompletableFuture.completedFuture(limit.configuration()));
			CompletableFuture<Reservation> reservation = (maxWait.isZero() || maxWait.isNegative())
					? bucket.tryConsumeAndReturnRemaining(1)
						.thenApply((probe) -> probe.isConsumed() ? Reservation.GRANTED
								: Reservation.refused(probe.getNanosToWaitForRefill()))
					: bucket.asScheduler()
						.tryConsume(1, maxWait, this.scheduler)
						.thenCompose((granted) -> granted ? CompletableFuture.completedFuture(Reservation.GRANTED)
								: bucket.estimateAbilityToConsume(1)
									.thenApply((probe) -> Reservation.refused(probe.getNanosToWaitForRefill())));
			return reservation.exceptionallyCompose((ex) -> {
				fleet.down(ex);
				return reserveLocally(name, local(limit), maxWait);
			});
		}
		catch (RuntimeException ex) {
			fleet.down(ex);
			return reserveLocally(name, local(limit), maxWait);
		}
	}

	/** The limit of this replica's own bucket: its share in fleet mode, the whole limit otherwise. */
	private Limit local(Limit limit) {
		return (this.fleet != null) ? limit.share(this.shares) : limit;
	}

	private CompletableFuture<Reservation> reserveLocally(String name, Limit limit, Duration maxWait) {
		Bucket bucket = localBucket(name, limit);
		if (maxWait.isZero() || maxWait.isNegative()) {
			ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
			return CompletableFuture.completedFuture(probe.isConsumed() ? Reservation.GRANTED
					: Reservation.refused(probe.getNanosToWaitForRefill()));
		}
		return bucket.asScheduler()
			.tryConsume(1, maxWait, this.scheduler)
			.thenApply((granted) -> granted ? Reservation.GRANTED
					: Reservation.refused(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
	}

	/**
	 * Takes a token if one is free now.
	 * @param name the bucket
	 * @param limit its limit
	 * @return nothing when the token was taken; otherwise the time until one is free
	 */
	public Optional<Duration> tryTake(String name, Limit limit) {
		ProxyManager<String> shared = (this.fleet != null) ? this.fleet.buckets() : null;
		ConsumptionProbe probe = null;
		if (shared != null) {
			try {
				probe = shared.builder()
					.build(this.fleet.key("bucket", this.purpose + ":" + name + ":" + limit.key()), limit::configuration)
					.tryConsumeAndReturnRemaining(1);
			}
			catch (RuntimeException ex) {
				this.fleet.down(ex);
			}
		}
		if (probe == null) {
			probe = localBucket(name, local(limit)).tryConsumeAndReturnRemaining(1);
		}
		return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
	}

	/**
	 * How many buckets are held, for tests of the bound.
	 * @return the count
	 */
	public long held() {
		this.local.cleanUp();
		return this.local.estimatedSize();
	}

	private Bucket localBucket(String name, Limit limit) {
		return this.local.get(new Key(name, limit),
				(key) -> Bucket.builder().addLimit(limit.configuration().getBandwidths()[0])
					.withCustomTimePrecision(this.time)
					.build());
	}

	/**
	 * A reservation's outcome.
	 *
	 * @param granted whether a token was reserved
	 * @param retryAfter when refused, the time until a token is free, at least one second,
	 * rounded up to whole seconds
	 */
	public record Reservation(boolean granted, Duration retryAfter) {

		static final Reservation GRANTED = new Reservation(true, Duration.ZERO);

		static Reservation refused(long nanosToWait) {
			return new Reservation(false, roundedUp(nanosToWait));
		}

	}

	/**
	 * A wait in whole seconds, rounded up, at least one: for a {@code Retry-After}.
	 * @param nanos the wait
	 * @return the seconds
	 */
	public static Duration roundedUp(long nanos) {
		long seconds = (nanos + 999_999_999L) / 1_000_000_000L;
		return Duration.ofSeconds(Math.max(1, seconds));
	}

	private record Key(String name, Limit limit) {
	}

	/** A bucket untouched for this long is full again: its refill period, and the longest wait ahead. */
	private record UntilFull(Duration slack) implements Expiry<Key, Bucket> {

		@Override
		public long expireAfterCreate(Key key, Bucket bucket, long currentTime) {
			return key.limit().refillPeriod().plus(this.slack).plusSeconds(1).toNanos();
		}

		@Override
		public long expireAfterUpdate(Key key, Bucket bucket, long currentTime, long currentDuration) {
			return expireAfterCreate(key, bucket, currentTime);
		}

		@Override
		public long expireAfterRead(Key key, Bucket bucket, long currentTime, long currentDuration) {
			return expireAfterCreate(key, bucket, currentTime);
		}

	}

}
