package dev.credbroker.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A resource's secrets and how the cache came by them.
 *
 * @param secrets the secrets
 * @param outcome {@code hit}, {@code miss} or {@code stale}
 */
public record Lookup(ResourceSecrets secrets, Outcome outcome) {

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

	/**
	 * The answer's age, for the {@code Age} header.
	 * @param now the time now
	 * @return the age, never negative
	 */
	public Duration age(Instant now) {
		Duration age = Duration.between(this.secrets.retrievedAt(), now);
		return age.isNegative() ? Duration.ZERO : age;
	}

}
