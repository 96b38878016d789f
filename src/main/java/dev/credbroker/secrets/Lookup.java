package dev.credbroker.secrets;

import java.time.Duration;
import java.util.Locale;

/**
 * A resource's secrets and how the cache came by them.
 *
 * @param secrets the secrets
 * @param outcome {@code hit}, {@code miss} or {@code stale}
 * @param age the answer's age, by the cache's clock, for the {@code Age} header; never negative
 */
public record Lookup(ResourceSecrets secrets, Outcome outcome, Duration age) {

	/**
	 * How the cache answered.
	 */
	public enum Outcome {

		/** Served from a fresh entry. */
		HIT,

		/** Fetched from Azure, by this request or one it joined. */
		MISS,

		/** Azure failed; served from an expired entry younger than the stale limit. */
		STALE;

		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	public boolean isStale() {
		return this.outcome == Outcome.STALE;
	}

}
