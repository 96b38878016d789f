package dev.credbroker.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.credbroker.azure.ArmException;
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
 * {@code ttl}, and is never served, fresh or stale, once it has expired.
 * <p>
 * Each entry is the future of one {@link Answer}; Caffeine's own per-key atomic {@code compute}
 * gives the single flight and its per-entry expiry the bounds. Caffeine's
 * {@code refreshAfterWrite} is not used: it answers the request that finds an entry old with the
 * old value while it refreshes, where this cache makes that request wait for Azure and serves the
 * old value only if Azure fails. A failed refresh is never kept: its answer expires at once, so the
 * next request that finds the entry expired asks Azure again.
 */
class SecretsCache {

	private final AsyncCache<Key, Answer> entries;

	private final CacheProperties properties;

	private final Clock clock;

	SecretsCache(CacheProperties properties, Clock clock, MeterRegistry meterRegistry) {
		this.properties = properties;
		this.clock = clock;
		this.entries = Caffeine.newBuilder()
			.expireAfter(new AnswerExpiry())
			.maximumSize(properties.maxEntries())
			.ticker(ticker(clock))
			.recordStats()
			.buildAsync();
		CaffeineCacheMetrics.monitor(meterRegistry, this.entries, "secrets");
	}

	/** Caffeine's time is the cache's clock, so that ages and expiry agree, and tests move both. */
	private static Ticker ticker(Clock clock) {
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
		Key key = Key.of(kind, resourceId);
		CompletableFuture<Answer> present = this.entries.getIfPresent(key);
		if (present != null && isAnswered(present)) {
			Answer answer = present.join();
			if (answer.isUsable(this)) {
				return answer.served(Lookup.Outcome.HIT, this);
			}
		}
		CompletableFuture<Answer> flight = this.entries.asMap().compute(key, (k, current) -> {
			if (current != null && (!current.isDone() || (isAnswered(current) && current.join().isUsable(this)))) {
				return current;
			}
			ResourceSecrets previous = (current != null && isAnswered(current)) ? current.join().secrets() : null;
			// Nothing in here touches the cache: a call that fails at once (an open circuit, a spent
			// budget) completes this future before compute returns, and Caffeine stores it all the same.
			return fetch.get().handle((secrets, failure) -> answer(secrets, failure, previous));
		});
		// Fetched from Azure by this request or by one it joined: a miss either way.
		return join(flight).served(Lookup.Outcome.MISS, this);
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
		if (secrets != null) {
			return new Answer(secrets, null, false, this.clock.millis());
		}
		ArmException armFailure = armException(failure);
		if (armFailure.reason() == ArmException.Reason.NOT_FOUND) {
			return new Answer(null, armFailure, false, this.clock.millis());
		}
		if (previous != null && mayServeStale(armFailure) && age(previous).compareTo(this.properties.maxStale()) < 0
				&& !hasExpired(previous)) {
			return new Answer(previous, armFailure, true, this.clock.millis());
		}
		return new Answer(null, armFailure, false, this.clock.millis());
	}

	/**
	 * Drops the entry of one kind of a resource's secrets, remembered 404 included, after a key
	 * rotation.
	 * @param kind the kind of secret
	 * @param resourceId the resource's ARM id
	 * @return whether there was one
	 */
	boolean evict(String kind, String resourceId) {
		return this.entries.asMap().remove(Key.of(kind, resourceId)) != null;
	}

	/** Drops every entry. */
	void evictAll() {
		this.entries.synchronous().invalidateAll();
	}

	/** Whether a secret whose lifetime Azure gave is within the time it should be used. */
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

	/**
	 * An outage may be bridged with a stale answer: Azure unreachable, throttling or failing (408,
	 * 429, 5xx), no answer in time, no managed-identity token, or the broker holding the call back
	 * itself. Nothing else may: after a 404, 401 or 403 the resource may be gone or its keys no longer
	 * the broker's to give, and an answer the broker cannot read says nothing of either.
	 */
	private static boolean mayServeStale(ArmException ex) {
		return switch (ex.reason()) {
			case UPSTREAM_UNAVAILABLE, TIMEOUT, IDENTITY_UNAVAILABLE -> true;
			case NOT_FOUND, UPSTREAM_AUTHORIZATION, BAD_RESPONSE -> false;
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
	 * @param answeredAt when the call ended, by the cache's clock, in milliseconds
	 */
	private record Answer(@Nullable ResourceSecrets secrets, @Nullable ArmException failure, boolean stale,
			long answeredAt) {

		/** Whether a request may be answered from this entry without asking Azure. */
		boolean isUsable(SecretsCache cache) {
			if (this.secrets != null) {
				return !this.stale && cache.isFresh(this.secrets);
			}
			return isRememberedNotFound()
					&& cache.clock.millis() - this.answeredAt < cache.properties.negativeTtl().toMillis();
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
			return isRememberedNotFound() ? cache.properties.negativeTtl() : Duration.ZERO;
		}

		Lookup served(Lookup.Outcome outcome, SecretsCache cache) {
			if (this.secrets == null) {
				if (this.failure == null) {
					throw new IllegalStateException("An answer without secrets or failure");
				}
				// A 404 answered from the cache says so, for the audit record: Azure was not asked.
				throw (outcome == Lookup.Outcome.HIT) ? this.failure.remembered() : this.failure;
			}
			Lookup.Outcome served = this.stale ? Lookup.Outcome.STALE : outcome;
			return new Lookup(this.secrets, served, cache.age(this.secrets));
		}

	}

	/**
	 * An entry's key: the kind of secret and the resource's ARM id in lower case.
	 *
	 * @param kind the kind, as {@link SecretKind#name()} names it
	 * @param resourceId the ARM id, in lower case
	 */
	private record Key(String kind, String resourceId) {

		static Key of(String kind, String resourceId) {
			return new Key(kind, resourceId.toLowerCase(Locale.ROOT));
		}

	}

	private final class AnswerExpiry implements Expiry<Key, Answer> {

		@Override
		public long expireAfterCreate(Key key, Answer answer, long currentTime) {
			return answer.lifetime(SecretsCache.this).toNanos();
		}

		@Override
		public long expireAfterUpdate(Key key, Answer answer, long currentTime, long currentDuration) {
			return answer.lifetime(SecretsCache.this).toNanos();
		}

		@Override
		public long expireAfterRead(Key key, Answer answer, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
