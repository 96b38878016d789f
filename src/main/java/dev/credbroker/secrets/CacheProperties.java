package dev.credbroker.secrets;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cache of Azure's answers. It holds what Azure returned, never a caller's view: every request
 * is authorised on its own, cached or not.
 *
 * @param ttl how long an answer is served without asking Azure again
 * @param maxStale how long an expired answer may still be served, marked stale, while Azure fails
 * @param maxEntries how many resources' answers are kept, remembered 404s included
 * @param negativeTtl how long Azure's 404 for a resource is remembered: a resource created
 * meanwhile is found after it
 */
@ConfigurationProperties("broker.cache")
public record CacheProperties(@DefaultValue("5m") Duration ttl, @DefaultValue("1h") Duration maxStale,
		@DefaultValue("10000") long maxEntries, @DefaultValue("30s") Duration negativeTtl) {
}
