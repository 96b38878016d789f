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

/**
 * Bucket4j's local buckets, in this replica's memory, refilled by the broker's clock. A bucket
 * left alone until it is full again is dropped, which changes nothing, since a new one starts
 * full; so made-up names cannot grow the map, and its bound is only a backstop.
 */
final class LocalBuckets implements Buckets {

	private final Cache<Key, Bucket> buckets;

	private final ClockTimeMeter time;

	private final ScheduledExecutorService scheduler;

	/**
	 * @param clock the broker's clock, by which buckets refill
	 * @param slack the longest a reservation may wait, so that a bucket reserved ahead is kept
	 * until it is full again
	 * @param scheduler completes reservations that wait
	 */
	LocalBuckets(Clock clock, Duration slack, ScheduledExecutorService scheduler) {
		this.time = new ClockTimeMeter(clock);
		this.scheduler = scheduler;
		this.buckets = Caffeine.newBuilder()
			// Untouched for this long, a bucket is full again: its refill period and the longest wait.
			.expireAfter(Expiry.accessing((Key key, Bucket bucket) -> key.limit().refillPeriod().plus(slack).plusSeconds(1)))
			.maximumSize(MAX_BUCKETS)
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.build();
	}

	@Override
	public CompletableFuture<Reservation> reserve(String name, Limit limit, Duration maxWait) {
		Bucket bucket = bucket(name, limit);
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

	@Override
	public Optional<Duration> tryTake(String name, Limit limit) {
		ConsumptionProbe probe = bucket(name, limit).tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
	}

	@Override
	public long held() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	private Bucket bucket(String name, Limit limit) {
		return this.buckets.get(new Key(name, limit),
				(key) -> Bucket.builder().addLimit(limit.configuration().getBandwidths()[0])
					.withCustomTimePrecision(this.time)
					.build());
	}

	private record Key(String name, Limit limit) {
	}

}
