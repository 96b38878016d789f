package dev.credbroker.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The evictions a replica has made or heard of, each with when. An eviction deletes the fleet's
 * entry; an entry in Redis whose answer Azure gave before it is that entry put back by someone who
 * can write to Redis (sealed as it was, so it opens), and is never served: else it would pass for
 * Azure's answer after a key rotation, fresh for {@code ttl} and stale for {@code max-stale}.
 * Each is remembered for as long as the fleet keeps any answer, after which such an entry is
 * older than the fleet keeps one, which {@link SecretsCache} refuses too. A replica started after
 * an eviction knows nothing of it (docs/fleet.md).
 * <p>
 * An eviction is taken at the time the replica that made it gave it (a notification says when it
 * was sent), whenever it is heard of, and {@link #MARGIN} before: the replicas' clocks differ by
 * less. Else an answer given just after an eviction, by a replica whose clock runs behind, would be
 * refused, and fetched again. What the margin lets through is an entry put back whose answer came
 * in the second before the eviction: after a key rotation, that needs a rotation and its eviction
 * within a second. Of two evictions of one entry the later counts, in whichever order they are
 * heard: a notification heard again, or late, tells nothing this replica did not know or should
 * have.
 */
final class Evictions {

	static final Duration MARGIN = Duration.ofSeconds(1);

	private final Cache<String, Instant> byKey;

	private final AtomicReference<Instant> ofAll = new AtomicReference<>(Instant.MIN);

	private final Clock clock;

	private final Duration keptAtMost;

	/**
	 * @param clock the cache's clock
	 * @param keptAtMost the longest the fleet keeps an answer
	 * @param maxEntries how many evictions are remembered at most; past it, Caffeine forgets some
	 */
	Evictions(Clock clock, Duration keptAtMost, long maxEntries) {
		this.clock = clock;
		this.keptAtMost = keptAtMost;
		this.byKey = Caffeine.newBuilder()
			.expireAfterWrite(keptAtMost)
			.maximumSize(maxEntries)
			.ticker(SecretsCache.ticker(clock))
			.build();
	}

	/**
	 * Remembers an entry's eviction, unless a later one is known.
	 * @param key the entry's key ({@link SecretsCache#key})
	 * @param at when the replica that made it made it
	 */
	void evicted(String key, Instant at) {
		// Older than the fleet keeps any answer, it refuses nothing the age rule does not: a copy of
		// an old notification published again takes no place that a recent eviction needs.
		if (at.isBefore(this.clock.instant().minus(this.keptAtMost))) {
			return;
		}
		this.byKey.asMap().merge(key, at.minus(MARGIN), Evictions::later);
	}

	/**
	 * Remembers the eviction of every entry, unless a later one is known.
	 * @param at when the replica that made it made it
	 */
	void evictedAll(Instant at) {
		this.ofAll.accumulateAndGet(at.minus(MARGIN), Evictions::later);
	}

	private static Instant later(Instant one, Instant other) {
		return other.isAfter(one) ? other : one;
	}

	/**
	 * Whether an answer predates its entry's last eviction.
	 * @param key the entry's key ({@link SecretsCache#key})
	 * @param answeredAt when Azure gave the answer
	 * @return {@code true} if the entry was evicted after it
	 */
	boolean predate(String key, Instant answeredAt) {
		if (answeredAt.isBefore(this.ofAll.get())) {
			return true;
		}
		Instant evicted = this.byKey.getIfPresent(key);
		return evicted != null && answeredAt.isBefore(evicted);
	}

}
