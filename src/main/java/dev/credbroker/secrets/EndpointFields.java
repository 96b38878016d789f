package dev.credbroker.secrets;

import java.time.Instant;
import java.util.Map;

import dev.credbroker.azure.EndpointKeys;
import dev.credbroker.azure.EndpointToken;
import org.jspecify.annotations.Nullable;

/**
 * The fields of an endpoint's keys ({@code endpoint.primaryKey}, {@code endpoint.secondaryKey}),
 * the same for online, batch and serverless endpoints, and of an online endpoint's token
 * ({@code token.accessToken}, secret; its type and times, not).
 */
final class EndpointFields {

	static final String PRIMARY_KEY = "endpoint.primaryKey";

	static final String SECONDARY_KEY = "endpoint.secondaryKey";

	static final String ACCESS_TOKEN = "token.accessToken";

	static final String TOKEN_TYPE = "token.tokenType";

	static final String EXPIRY_TIME = "token.expiryTimeUtc";

	static final String REFRESH_AFTER_TIME = "token.refreshAfterTimeUtc";

	/** An endpoint's keys. */
	static final SecretKind.Reader<EndpointKeys> KEYS = (keys) -> {
		SecretFields fields = new SecretFields();
		fields.put(PRIMARY_KEY, keys.primaryKey());
		fields.put(SECONDARY_KEY, keys.secondaryKey());
		return fields.build();
	};

	/** An online endpoint's token, and how long it is good for. */
	static final SecretKind.Reader<EndpointToken> TOKEN = new SecretKind.Reader<>() {

		@Override
		public Map<String, SecretValue> fields(EndpointToken token) {
			SecretFields fields = new SecretFields();
			fields.put(ACCESS_TOKEN, token.accessToken());
			fields.put(TOKEN_TYPE, token.tokenType());
			fields.put(EXPIRY_TIME, text(token.expiryTimeUtc()));
			fields.put(REFRESH_AFTER_TIME, text(token.refreshAfterTimeUtc()));
			return fields.build();
		}

		@Override
		public SecretKind.Validity validity(EndpointToken token) {
			return new SecretKind.Validity(instant(token.refreshAfterTimeUtc()), instant(token.expiryTimeUtc()));
		}

	};

	/** 9999-12-31T23:59:59Z. */
	private static final long LATEST = 253402300799L;

	private EndpointFields() {
	}

	private static @Nullable String text(@Nullable Long value) {
		return (value != null) ? value.toString() : null;
	}

	/**
	 * Azure's times are seconds since the epoch; 0, its default, says nothing, nor does a time past
	 * the year 9999: the cache's own bounds then apply.
	 */
	private static @Nullable Instant instant(@Nullable Long epochSeconds) {
		return (epochSeconds != null && epochSeconds > 0 && epochSeconds <= LATEST)
				? Instant.ofEpochSecond(epochSeconds) : null;
	}

}
