package dev.credbroker.secrets;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.credbroker.azure.ArmException;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jspecify.annotations.Nullable;

/**
 * Azure's answers by kind of secret and resource, so that a crowd of callers never multiplies ARM
 * calls. Concurrent requests for one kind of one resource share one call, the first, cold one
 * included. An answer is fresh for {@code ttl}; after that the next request asks Azure again, and
 * if Azure fails it may still be served, marked stale, until {@code maxStale}. A 404 is remembered
 * for {@code negativeTtl}. Keys are the kind and the ARM id in lower case, as ARM compares them:
 * one resource may have several kinds of secret (an online endpoint has keys and a token).
 * <p>
 * A secret Azure gave a lifetime (a token) is fresh until its refresh time instead of for
 * {@code ttl}, and is never served, fresh or stale, from memory or from the fleet, once it has
 * expired.
 * <p>
 * Each entry is the future of one {@link Answer}; Caffeine's own per-key atomic {@code compute}
 * gives the single flight and its per-entry expiry the bounds. Caffeine's
 * {@code refreshAfterWrite} is not used: it answers the request that finds an entry old with the
 * old value while it refreshes, where this cache makes that request wait for Azure and serves the
 * old value only if Azure fails. A failed refresh is never kept: its answer expires at once, so the
 * next request that finds the entry expired asks Azure again.
 * <p>
 * In fleet mode this is the replica's first level, in front of the fleet's entries in Redis
 * ({@link SharedAnswers}), which hold Azure's answers for {@code maxStale} with the time Azure gave
 * them, so that freshness and staleness mean the same on every replica. A replica serves from its
 * memory for at most {@code localTtl} before it looks in Redis again; a request that finds neither
 * fresh takes the fleet's lock on the resource and asks Azure, while the other replicas wait for its
 * notification (or poll) and read its answer, at most as long as a call to Azure may take. A failed
 * call is not shared: the replicas waiting then try themselves. While Redis cannot be reached, the
 * replica serves from its memory alone, exactly as in local mode.
 */
class SecretsCache {

	/** How often a replica waiting for another's flight looks in Redis, should a notification be lost. */
	static final Duration POLL = Duration.ofMillis(100);

	/** How long an eviction waits for Redis. */
	private static final Duration FLEET_EVICTION_WAIT = Duration.ofSeconds(2);

	private static final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();

	private final AsyncCache<String, Answer> entries;

	private final CacheProperties properties;

	private final Clock clock;

	/** The fleet's entries, in fleet mode. */
	private final @Nullable SharedAnswers shared;

	private final Duration localTtl;

	/** How long a replica waits for another's flight: as long as its own call could take. */
	private final Duration flightDeadline;

	/** The evictions this replica made or heard of, against entries put back in Redis. */
	private final Evictions evictions;

	SecretsCache(CacheProperties properties, Clock clock, MeterRegistry meterRegistry) {
		this(properties, clock, meterRegistry, null, Duration.ZERO, Duration.ZERO);
	}

	SecretsCache(CacheProperties properties, Clock clock, MeterRegistry meterRegistry, @Nullable SharedAnswers shared,
			Duration localTtl, Duration flightDeadline) {
		this.properties = properties;
		this.clock = clock;
		this.shared = shared;
		this.localTtl = localTtl;
		this.flightDeadline = flightDeadline;
		this.entries = Caffeine.newBuilder()
			.expireAfter(new AnswerExpiry())
			.maximumSize(properties.maxEntries())
			.ticker(ticker(clock))
			.recordStats()
			.buildAsync();
		CaffeineCacheMetrics.monitor(meterRegistry, this.entries, "secrets");
		this.evictions = new Evictions(clock, keptAtMost(), properties.maxEntries());
		if (shared != null) {
			shared.listen((event, key, sentAt) -> {
				switch (event) {
					case EVICTED -> {
						this.evictions.evicted(key, sentAt);
						this.entries.asMap().remove(key);
					}
					case EVICTED_ALL -> {
						this.evictions.evictedAll(sentAt);
						this.entries.synchronous().invalidateAll();
					}
					case ANSWERED -> {
						// Waiting flights hear of it through the fleet.
					}
				}
			});
		}
	}

	/** Caffeine's time is the cache's clock, so that ages and expiry agree, and tests move both. */
	static Ticker ticker(Clock clock) {
		return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
	}

	/**
	 * A resource's secrets of one kind, from the cache or from Azure.
	 * @param kind the kind of secret
	 * @param resourceId the resource's ARM id
	 * @param fetch asks Azure, once for all concurrent callers
	 * @return the secrets and how they were found
	 * @throws ArmException when Azure fails and nothing may be served instead, or when Azure
	 * answered 404 within {@code negativeTtl}
	 */
	Lookup get(String kind, String resourceId, Supplier<CompletableFuture<ResourceSecrets>> fetch) {
		String key = key(kind, resourceId);
		CompletableFuture<Answer> present = this.entries.getIfPresent(key);
		if (present != null && isAnswered(present)) {
			Answer answer = present.join();
			if (answer.isUsable(this)) {
				return answer.served(Lookup.Outcome.HIT, this);
			}
		}
		boolean fleet = isFleetUp();
		// A flight through the fleet may call Azure from Redis's threads: with the caller's trace.
		Supplier<CompletableFuture<ResourceSecrets>> call = fleet ? inCallersContext(fetch) : fetch;
		CompletableFuture<Answer> flight = this.entries.asMap().compute(key, (k, current) -> {
			if (current != null && (!current.isDone() || (isAnswered(current) && current.join().isUsable(this)))) {
				return current;
			}
			ResourceSecrets previous = (current != null && isAnswered(current)) ? current.join().secrets() : null;
			if (fleet) {
				return new FleetFlight(k, call, previous).start();
			}
			// Nothing in here touches the cache: a call that fails at once (an open circuit, a spent
			// budget) completes this future before compute returns, and Caffeine stores it all the same.
			return call.get().handle((secrets, failure) -> answer(secrets, failure, previous));
		});
		// Fetched from Azure by this request or by one it joined, a miss; or read from the fleet, a hit.
		return join(flight).served(Lookup.Outcome.MISS, this);
	}

	/**
	 * An entry's key, here and in the fleet: the kind, as {@link SecretKind#name()} names it, and
	 * the ARM id in lower case. A kind's name has no colon and an id starts with a slash, so no two
	 * pairs share a key.
	 */
	static String key(String kind, String resourceId) {
		return kind + ":" + resourceId.toLowerCase(Locale.ROOT);
	}

	private boolean isFleetUp() {
		return this.shared != null && this.shared.isUp();
	}

	private static Supplier<CompletableFuture<ResourceSecrets>> inCallersContext(
			Supplier<CompletableFuture<ResourceSecrets>> fetch) {
		ContextSnapshot snapshot = snapshots.captureAll();
		return () -> {
			try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
				return fetch.get();
			}
		};
	}

	/**
	 * Whether a future holds an answer. One that failed (a bug, not an Azure failure, which is an
	 * answer) is about to be removed by Caffeine, and counts as absent until then.
	 */
	private static boolean isAnswered(CompletableFuture<Answer> future) {
		return future.isDone() && !future.isCompletedExceptionally();
	}

	private static Answer join(CompletableFuture<Answer> flight) {
		try {
			return flight.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * What Azure's answer or failure means for the entry: the new secrets; a 404, remembered; the
	 * previous secrets marked stale, when the failure may be bridged; or the failure alone, which
	 * expires at once.
	 */
	private Answer answer(@Nullable ResourceSecrets secrets, @Nullable Throwable failure,
			@Nullable ResourceSecrets previous) {
		long now = this.clock.millis();
		if (secrets != null) {
			return new Answer(secrets, null, false, now, now, false);
		}
		ArmException armFailure = armException(failure);
		if (armFailure.reason() == ArmException.Reason.NOT_FOUND) {
			return new Answer(null, armFailure, false, now, now, false);
		}
		return failed(armFailure, previous);
	}

	/** The previous secrets, served stale, when the failure may be bridged; else the failure alone. */
	private Answer failed(ArmException failure, @Nullable ResourceSecrets previous) {
		long now = this.clock.millis();
		if (previous != null && mayServeStale(failure) && age(previous).compareTo(this.properties.maxStale()) < 0
				&& !hasExpired(previous)) {
			return new Answer(previous, failure, true, now, now, false);
		}
		return new Answer(null, failure, false, now, now, false);
	}

	/**
	 * Drops the entry of one kind of a resource's secrets, remembered 404 included, after a key
	 * rotation: in fleet mode from Redis, and from the memory of every replica, which Redis tells.
	 * @param kind the kind of secret
	 * @param resourceId the resource's ARM id
	 * @return whether there was one
	 */
	boolean evict(String kind, String resourceId) {
		String key = key(kind, resourceId);
		this.evictions.evicted(key, this.clock.instant());
		boolean evicted = this.entries.asMap().remove(key) != null;
		if (isFleetUp()) {
			try {
				evicted |= this.shared.evict(key).get(FLEET_EVICTION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				// Redis failed (and is marked down): this replica's copy is gone, the others' expire
				// within localTtl once Redis is back, or ttl while they serve alone.
			}
		}
		return evicted;
	}

	/** Drops every entry: in fleet mode from Redis and from every replica too. */
	void evictAll() {
		this.evictions.evictedAll(this.clock.instant());
		this.entries.synchronous().invalidateAll();
		if (isFleetUp()) {
			try {
				this.shared.evictAll().get(FLEET_EVICTION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				// As for one entry.
			}
		}
	}

	/** Whether a secret may be served without asking Azure: within its refresh time, else {@code ttl}. */
	private boolean isFresh(ResourceSecrets secrets) {
		Instant refreshAfter = secrets.validity().refreshAfter();
		if (refreshAfter != null) {
			return this.clock.instant().isBefore(refreshAfter) && !hasExpired(secrets);
		}
		return age(secrets).compareTo(this.properties.ttl()) < 0 && !hasExpired(secrets);
	}

	/** Whether a secret whose expiry Azure gave no longer works: never served, fresh or stale. */
	private boolean hasExpired(ResourceSecrets secrets) {
		Instant expiresAt = secrets.validity().expiresAt();
		return expiresAt != null && !this.clock.instant().isBefore(expiresAt);
	}

	private Duration age(ResourceSecrets secrets) {
		Duration age = Duration.between(secrets.retrievedAt(), this.clock.instant());
		return age.isNegative() ? Duration.ZERO : age;
	}

	/** The longest an answer with secrets is kept: while it is fresh, or may still serve stale. */
	private Duration keepSecrets() {
		return (this.properties.maxStale().compareTo(this.properties.ttl()) > 0) ? this.properties.maxStale()
				: this.properties.ttl();
	}

	/** The longest any answer is kept, here and in the fleet: with secrets, or a 404. */
	private Duration keptAtMost() {
		return (this.properties.negativeTtl().compareTo(keepSecrets()) > 0) ? this.properties.negativeTtl()
				: keepSecrets();
	}

	/**
	 * An outage may be bridged with a stale answer: Azure unreachable, throttling or failing (408,
	 * 429, 5xx), no answer in time, no managed-identity token, or the broker holding the call back
	 * itself. Nothing else may: after a 404, 401 or 403 the resource may be gone or its keys no longer
	 * the broker's to give, and an answer the broker cannot read says nothing of either.
	 */
	private static boolean mayServeStale(ArmException ex) {
		return switch (ex.reason()) {
			case UPSTREAM_UNAVAILABLE, TIMEOUT, IDENTITY_UNAVAILABLE -> true;
			case NOT_FOUND, UPSTREAM_AUTHORIZATION, BAD_RESPONSE, UNUSABLE_ANSWER -> false;
		};
	}

	private static ArmException armException(@Nullable Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof ArmException arm) {
			return arm;
		}
		if (cause instanceof RuntimeException runtime) {
			throw runtime;
		}
		throw new IllegalStateException("The call to Azure failed", cause);
	}

	/**
	 * One entry's value. With secrets and no failure: Azure's answer. With secrets and a failure:
	 * the previous answer, served stale because Azure failed. With a failure alone: a 404, kept for
	 * {@code negativeTtl}, or any other failure, kept for no time at all, only handed to the
	 * requests that shared the call.
	 *
	 * @param secrets the secrets to serve
	 * @param failure why Azure gave none
	 * @param stale whether the secrets are the previous answer, served because Azure failed
	 * @param answeredAt when the call ended, by the cache's clock, in milliseconds; for a 404 read
	 * from the fleet, when the replica that asked got it
	 * @param loadedAt when this replica got the answer, from Azure or from the fleet
	 * @param shared whether it was read from the fleet rather than asked of Azure
	 */
	private record Answer(@Nullable ResourceSecrets secrets, @Nullable ArmException failure, boolean stale,
			long answeredAt, long loadedAt, boolean shared) {

		/** Whether a request may be answered from this entry without asking Azure. */
		boolean isUsable(SecretsCache cache) {
			if (this.secrets != null) {
				return !this.stale && cache.isFresh(this.secrets) && isLocal(cache);
			}
			return isRememberedNotFound()
					&& cache.clock.millis() - this.answeredAt < cache.properties.negativeTtl().toMillis()
					&& isLocal(cache);
		}

		/** In fleet mode, whether this replica may still serve it without looking in Redis. */
		private boolean isLocal(SecretsCache cache) {
			return !cache.isFleetUp() || cache.clock.millis() - this.loadedAt < cache.localTtl.toMillis();
		}

		boolean isRememberedNotFound() {
			return this.failure != null && this.failure.reason() == ArmException.Reason.NOT_FOUND;
		}

		/** How long Caffeine keeps the entry from the time it is written. */
		Duration lifetime(SecretsCache cache) {
			if (this.secrets != null) {
				Duration left = cache.keepSecrets().minus(cache.age(this.secrets));
				Instant expiresAt = this.secrets.validity().expiresAt();
				if (expiresAt != null) {
					Duration untilExpiry = Duration.between(cache.clock.instant(), expiresAt);
					left = (untilExpiry.compareTo(left) < 0) ? untilExpiry : left;
				}
				return left.isNegative() ? Duration.ZERO : left;
			}
			if (isRememberedNotFound()) {
				Duration left = cache.properties.negativeTtl().minusMillis(cache.clock.millis() - this.answeredAt);
				return left.isNegative() ? Duration.ZERO : left;
			}
			return Duration.ZERO;
		}

		Lookup served(Lookup.Outcome outcome, SecretsCache cache) {
			if (this.secrets == null) {
				if (this.failure == null) {
					throw new IllegalStateException("An answer without secrets or failure");
				}
				// A 404 answered from the cache says so, for the audit record: Azure was not asked.
				throw (outcome == Lookup.Outcome.HIT || this.shared) ? this.failure.remembered() : this.failure;
			}
			Lookup.Outcome served = this.stale ? Lookup.Outcome.STALE : this.shared ? Lookup.Outcome.HIT : outcome;
			return new Lookup(this.secrets, served, cache.age(this.secrets));
		}

	}

	/**
	 * One replica's flight for a resource in fleet mode: the fleet's entry if it is fresh; else,
	 * holding the fleet's lock, Azure's answer, shared before the lock is released; else, while
	 * another replica holds it, its answer once it tells of it. Redis failing at any step leaves the
	 * replica to ask Azure alone.
	 */
	private final class FleetFlight {

		private final String key;

		private final Supplier<CompletableFuture<ResourceSecrets>> call;

		/** The newest secrets known, for a stale answer should Azure fail. */
		private @Nullable ResourceSecrets previous;

		private final CompletableFuture<Answer> result = new CompletableFuture<>();

		private final long deadline;

		/**
		 * This flight's name on the fleet's lock, its own and not its replica's: an eviction
		 * deletes the lock, and a flight of the same replica may take it again while this one's call
		 * to Azure, which may predate a key rotation, is still under way. With the replica's name,
		 * that call's answer was shared under the new flight's lock, and its release freed that lock.
		 */
		private final byte[] owner = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);

		FleetFlight(String key, Supplier<CompletableFuture<ResourceSecrets>> call, @Nullable ResourceSecrets previous) {
			this.key = key;
			this.call = call;
			this.previous = previous;
			this.deadline = System.nanoTime() + SecretsCache.this.flightDeadline.toNanos();
		}

		CompletableFuture<Answer> start() {
			look();
			return this.result;
		}

		/** Reads the fleet's entry; asks Azure under the lock, or waits for whoever holds it. */
		private void look() {
			SecretsCache.this.shared.read(this.key).whenComplete((entry, failure) -> {
				if (failure != null) {
					alone();
				}
				else if (!served(entry)) {
					SecretsCache.this.shared.lock(this.key, this.owner, lockTtl())
						.whenComplete((locked, lockFailure) -> {
							if (lockFailure != null) {
								alone();
							}
							else if (locked) {
								// Whoever held the lock may have shared its answer just before releasing it.
								SecretsCache.this.shared.read(this.key)
									.whenComplete((again, readFailure) -> lookedUnderLock(again, readFailure));
							}
							else {
								waitForOther();
							}
						});
				}
			});
		}

		private void lookedUnderLock(SharedAnswers.@Nullable Shared entry, @Nullable Throwable failure) {
			if (failure == null && served(entry)) {
				SecretsCache.this.shared.unlock(this.key, this.owner);
				return;
			}
			ask().whenComplete((answer, askFailure) -> {
				CompletableFuture<?> shared = (askFailure == null) ? share(answer) : CompletableFuture.completedFuture(null);
				shared.handle((done, shareFailure) -> SecretsCache.this.shared.tellAnswered(this.key))
					.handle((told, tellFailure) -> SecretsCache.this.shared.unlock(this.key, this.owner))
					.whenComplete((unlocked, ignored) -> complete(answer, askFailure));
			});
		}

		/**
		 * Serves the fleet's entry if it is fresh; keeps the newest secrets in it for a stale answer.
		 * An entry Azure gave before the resource's last eviction, or longer ago than the fleet
		 * keeps any, is neither.
		 */
		private boolean served(SharedAnswers.@Nullable Shared entry) {
			if (entry == null) {
				return false;
			}
			long now = SecretsCache.this.clock.millis();
			ResourceSecrets secrets = entry.secrets();
			Instant answeredAt = (secrets != null) ? secrets.retrievedAt() : Instant.ofEpochMilli(entry.notFoundAt());
			if (SecretsCache.this.evictions.predate(this.key, answeredAt)) {
				return false;
			}
			if (secrets != null && age(secrets).compareTo(keepSecrets()) >= 0) {
				// Older than the fleet keeps any answer (its Redis TTL ends there): put back, and it may
				// predate an eviction forgotten since. A token is fresh until its refresh time, which
				// may lie beyond.
				return false;
			}
			if (secrets == null) {
				if (now - entry.notFoundAt() < SecretsCache.this.properties.negativeTtl().toMillis()) {
					return this.result.complete(new Answer(null, ArmException.notFoundRemembered(entry.armCode()),
							false, entry.notFoundAt(), now, true));
				}
				return false;
			}
			if (isFresh(secrets)) {
				return this.result.complete(new Answer(secrets, null, false, now, now, true));
			}
			if (hasExpired(secrets)) {
				return false;
			}
			if (this.previous == null || secrets.retrievedAt().isAfter(this.previous.retrievedAt())) {
				this.previous = secrets;
			}
			return false;
		}

		private void waitForOther() {
			if (System.nanoTime() - this.deadline >= 0) {
				// As long as a call of its own could have taken: the same answer as such a call's.
				this.result.complete(failed(ArmException.timedOut(), this.previous));
				return;
			}
			SecretsCache.this.shared.answered(this.key, POLL).whenComplete((told, ignored) -> look());
		}

		/** Redis failed: asks Azure as a replica alone would. */
		private void alone() {
			ask().whenComplete(this::complete);
		}

		private CompletableFuture<Answer> ask() {
			ResourceSecrets previous = this.previous;
			try {
				return this.call.get().handle((secrets, failure) -> answer(secrets, failure, previous));
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

		/**
		 * Shares an answer from Azure: secrets for as long as they may serve, a 404 for its time. A
		 * failure that forbids a stale answer (401, 403, an answer the broker cannot read) withdraws
		 * the fleet's entry: else the next flight would keep its secrets for a stale answer, and serve
		 * them once Azure is slow or the call is held back, though they may no longer be the
		 * broker's to give.
		 */
		private CompletableFuture<?> share(Answer answer) {
			if (answer.secrets() != null && !answer.stale()) {
				Duration lifetime = answer.lifetime(SecretsCache.this);
				return lifetime.isZero() ? CompletableFuture.completedFuture(null)
						: SecretsCache.this.shared.write(this.key, this.owner, answer.secrets(), lifetime);
			}
			if (answer.isRememberedNotFound()) {
				return SecretsCache.this.shared.writeNotFound(this.key, this.owner, answer.answeredAt(),
						answer.failure().armCode(), SecretsCache.this.properties.negativeTtl());
			}
			if (answer.failure() != null && !mayServeStale(answer.failure())) {
				return SecretsCache.this.shared.withdraw(this.key, this.owner);
			}
			return CompletableFuture.completedFuture(null);
		}

		private void complete(@Nullable Answer answer, @Nullable Throwable failure) {
			if (failure != null) {
				this.result.completeExceptionally(failure);
			}
			else {
				this.result.complete(answer);
			}
		}

		/** The lock outlives the longest call, so that a replica that died holding it frees it. */
		private Duration lockTtl() {
			return SecretsCache.this.flightDeadline.plusSeconds(1);
		}

	}

	private final class AnswerExpiry implements Expiry<String, Answer> {

		@Override
		public long expireAfterCreate(String key, Answer answer, long currentTime) {
			return answer.lifetime(SecretsCache.this).toNanos();
		}

		@Override
		public long expireAfterUpdate(String key, Answer answer, long currentTime, long currentDuration) {
			return answer.lifetime(SecretsCache.this).toNanos();
		}

		@Override
		public long expireAfterRead(String key, Answer answer, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
