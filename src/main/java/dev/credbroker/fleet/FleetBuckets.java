package dev.credbroker.fleet;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;

/**
 * The fleet's buckets: Bucket4j's buckets in Redis, compare-and-swap, one per name for every
 * replica. While Redis cannot be reached, or when it fails, this replica's own bucket in memory
 * at its share of the limit ({@code 1/expected-replicas}), so that the fleet as a whole stays
 * within it.
 */
final class FleetBuckets implements Buckets {

	private final Fleet fleet;

	private final String purpose;

	private final ScheduledExecutorService scheduler;

	private final LocalBuckets alone;

	private final int shares;

	FleetBuckets(Fleet fleet, String purpose, ScheduledExecutorService scheduler, LocalBuckets alone, int shares) {
		this.fleet = fleet;
		this.purpose = purpose;
		this.scheduler = scheduler;
		this.alone = alone;
		this.shares = shares;
	}

	@Override
	public CompletableFuture<Reservation> reserve(String name, Limit limit, Duration maxWait) {
		ProxyManager<String> shared = this.fleet.buckets();
		if (shared == null) {
			return this.alone.reserve(name, limit.share(this.shares), maxWait);
		}
		try {
			AsyncBucketProxy bucket = shared.asAsync()
				.builder()
				.build(key(name, limit), () -> CompletableFuture.completedFuture(limit.configuration()));
			CompletableFuture<Reservation> reservation = (maxWait.isZero() || maxWait.isNegative())
					? bucket.tryConsumeAndReturnRemaining(1).thenApply(FleetBuckets::reservation)
					: bucket.asScheduler()
						.tryConsume(1, maxWait, this.scheduler)
						.thenCompose((granted) -> granted ? CompletableFuture.completedFuture(Reservation.GRANTED)
								: bucket.estimateAbilityToConsume(1)
									.thenApply((probe) -> Reservation.refused(probe.getNanosToWaitForRefill())));
			return reservation.exceptionallyCompose((ex) -> {
				this.fleet.down(ex);
				return this.alone.reserve(name, limit.share(this.shares), maxWait);
			});
		}
		catch (RuntimeException ex) {
			this.fleet.down(ex);
			return this.alone.reserve(name, limit.share(this.shares), maxWait);
		}
	}

	@Override
	public Optional<Duration> tryTake(String name, Limit limit) {
		ProxyManager<String> shared = this.fleet.buckets();
		if (shared != null) {
			try {
				ConsumptionProbe probe = shared.builder()
					.build(key(name, limit), limit::configuration)
					.tryConsumeAndReturnRemaining(1);
				return probe.isConsumed() ? Optional.empty()
						: Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
			}
			catch (RuntimeException ex) {
				this.fleet.down(ex);
			}
		}
		return this.alone.tryTake(name, limit.share(this.shares));
	}

	@Override
	public long held() {
		return this.alone.held();
	}

	/** The bucket's key in Redis: named with its limit, so that another limit starts afresh. */
	private String key(String name, Limit limit) {
		return this.fleet.key("bucket", this.purpose + ":" + name + ":" + limit.key());
	}

	private static Reservation reservation(ConsumptionProbe probe) {
		return probe.isConsumed() ? Reservation.GRANTED : Reservation.refused(probe.getNanosToWaitForRefill());
	}

}
