package dev.credbroker.azure;

import org.jspecify.annotations.Nullable;

/**
 * The body of Datastores - List Secrets that asks for an expiring secret, such as a time-limited
 * SAS. API versions before 2026-09-01 take no body, and their secrets do not expire.
 *
 * @param expirableSecret whether the secret should expire
 * @param expireAfterHours how long it lives
 */
public record SecretExpiry(boolean expirableSecret, int expireAfterHours) {

	/** The first API version that takes the body. */
	static final String FIRST_API_VERSION = "2026-09-01";

	/**
	 * The body to send with the configured API version and lifetime.
	 * @param properties the broker's ARM properties
	 * @return the body, or {@code null} when the configured API version takes none
	 */
	public static @Nullable SecretExpiry forDatastores(ArmProperties properties) {
		String version = properties.apiVersions().datastores();
		// API versions are dates, with a suffix such as -preview: their dates compare as text.
		if (version.length() < FIRST_API_VERSION.length()
				|| version.substring(0, FIRST_API_VERSION.length()).compareTo(FIRST_API_VERSION) < 0) {
			return null;
		}
		return new SecretExpiry(true, properties.datastores().expireAfterHours());
	}

}
