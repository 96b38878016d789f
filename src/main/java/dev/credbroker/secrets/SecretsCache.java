package dev.credbroker.secrets;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.credbroker.azure.ArmException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Azure's answers by resource, so that a crowd of callers never multiplies ARM calls. Concurrent
 * requests for one resource share one call, the first, cold one included. An answer is fresh for
 * {@code ttl}; after that the next request asks Azure again, and if Azure fails it may still be
 * served, marked stale, until {@code maxStale}. Keys are ARM ids in lower case, as ARM compares
 * them.
 */
public class SecretsCache {

	private final AsyncCache<String, ResourceSecrets> entries;

	private final Map<String, CompletableFuture<ResourceSecrets>> refreshes = new ConcurrentHashMap<>();

	private final CacheProperties properties;

	private final Clock clock;

	SecretsCache(CacheProperties properties, Clock clock, MeterRegistry meterRegistry) {
		this.properties = properties;
		this.clock = clock;
		this.entries = Caffeine.newBuilder()
			.expireAfterWrite(properties.maxStale().compareTo(properties.ttl()) > 0 ? properties.maxStale()
					: properties.ttl())
			.maximumSize(properties.maxEntries())
			.recordStats()
			.buildAsync();
		CaffeineCacheMetrics.monitor(meterRegistry, this.entries, "secrets");
	}

	/**
	 * A resource's secrets, from the cache or from Azure.
	 * @param resourceId the resource's ARM id
	 * @param fetch asks Azure, once for all concurrent callers
	 * @return the secrets and how they were found
	 * @throws ArmException when Azure fails and nothing may be served instead
	 */
	Lookup get(String resourceId, Supplier<CompletableFuture<ResourceSecrets>> fetch) {
		String key = resourceId.toLowerCase(Locale.ROOT);
		boolean[] loaded = new boolean[1];
		ResourceSecrets cached = join(this.entries.get(key, (k, executor) -> {
			loaded[0] = true;
			return fetch.get();
		}));
		if (loaded[0]) {
			return new Lookup(cached, Lookup.Outcome.MISS);
		}
		if (isFresh(cached)) {
			return new Lookup(cached, Lookup.Outcome.HIT);
		}
		CompletableFuture<ResourceSecrets> refresh = this.refreshes.computeIfAbsent(key, (k) -> fetch.get()
			.whenComplete((secrets, failure) -> {
				if (failure == null) {
					this.entries.put(k, CompletableFuture.completedFuture(secrets));
				}
				this.refreshes.remove(k);
			}));
		try {
			return new Lookup(join(refresh), Lookup.Outcome.MISS);
		}
		catch (ArmException ex) {
			if (mayServeStale(ex) && age(cached).compareTo(this.properties.maxStale()) < 0) {
				return new Lookup(cached, Lookup.Outcome.STALE);
			}
			throw ex;
		}
	}

	/**
	 * Drops a resource's entry, after a key rotation.
	 * @param resourceId the resource's ARM id
	 * @return whether there was one
	 */
	public boolean evict(String resourceId) {
		return this.entries.asMap().remove(resourceId.toLowerCase(Locale.ROOT)) != null;
	}

	/** Drops every entry. */
	public void evictAll() {
		this.entries.synchronous().invalidateAll();
	}

	private boolean isFresh(ResourceSecrets secrets) {
		return age(secrets).compareTo(this.properties.ttl()) < 0;
	}

	private Duration age(ResourceSecrets secrets) {
		return Duration.between(secrets.retrievedAt(), this.clock.instant());
	}

	/**
	 * An outage may be bridged with a stale answer; a 404 or a refusal of the broker's rights may
	 * not: the resource may be gone, or its keys no longer the broker's to give.
	 */
	private static boolean mayServeStale(ArmException ex) {
		return switch (ex.reason()) {
			case UPSTREAM_UNAVAILABLE, TIMEOUT, BAD_RESPONSE, IDENTITY_UNAVAILABLE -> true;
			case NOT_FOUND, UPSTREAM_AUTHORIZATION -> false;
		};
	}

	private static ResourceSecrets join(CompletableFuture<ResourceSecrets> future) {
		if (future.isCompletedExceptionally()) {
			// The failure itself, rather than join()'s new CompletionException around it, whose stack
			// trace every request refused during an outage would pay for.
			Throwable failure = future.handle((secrets, ex) -> ex).join();
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
					: failure;
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
		}
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
