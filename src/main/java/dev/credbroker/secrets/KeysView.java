package dev.credbroker.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The view of a resource's secrets that a caller receives: only the fields it may see, each secret
 * one redacted to its length unless it asked for the value and may have it; a field that is not
 * secret, such as a token's expiry, is shown in clear.
 *
 * @param resourceId the ARM id of the resource
 * @param kind the kind of secret, such as {@code workspace}, {@code compute} or {@code connection}
 * @param computeType the compute's type; absent for a workspace
 * @param retrievedAt when Azure answered
 * @param stale whether this was served from an expired cache entry
 * @param secrets each field by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeysView(String resourceId, String kind, @Nullable String computeType, Instant retrievedAt,
		boolean stale, Map<String, FieldView> secrets) {

	/**
	 * A view of every field that reveals no secret one.
	 * @param secrets the resource's secrets
	 * @return the view
	 */
	public static KeysView redacted(ResourceSecrets secrets) {
		return of(new Lookup(secrets, Lookup.Outcome.MISS, Duration.ZERO), secrets.fields().keySet(), Set.of());
	}

	/**
	 * A view of some fields, some of them in clear.
	 * @param lookup the resource's secrets, and whether they are stale
	 * @param visible the fields to show; others are left out
	 * @param revealed the visible fields to show in clear; other secret ones are redacted
	 * @return the view
	 */
	public static KeysView of(Lookup lookup, Collection<String> visible, Collection<String> revealed) {
		ResourceSecrets secrets = lookup.secrets();
		Map<String, FieldView> fields = new LinkedHashMap<>();
		secrets.fields().forEach((name, value) -> {
			if (visible.contains(name)) {
				fields.put(name, (revealed.contains(name) || secrets.isClear(name)) ? FieldView.revealed(value)
						: FieldView.redacted(value, secrets.fingerprint(name)));
			}
		});
		return new KeysView(secrets.resourceId(), secrets.kind(), secrets.subtype(), secrets.retrievedAt(), lookup.isStale(), fields);
	}

	/**
	 * One field: redacted with its length and fingerprint, or in clear with its value (revealed, or
	 * not secret).
	 *
	 * @param redacted {@code true} when the value is withheld
	 * @param length the withheld value's length
	 * @param fingerprint the withheld value's fingerprint
	 * @param value the value, when in clear
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FieldView(@Nullable Boolean redacted, @Nullable Integer length, @Nullable String fingerprint,
			@Nullable String value) {

		static FieldView redacted(SecretValue value, String fingerprint) {
			return new FieldView(true, value.length(), fingerprint, null);
		}

		static FieldView revealed(SecretValue value) {
			return new FieldView(null, null, null, value.reveal());
		}

		@Override
		public String toString() {
			return (this.value != null) ? "FieldView[revealed, value=redacted]" : "FieldView[redacted]";
		}

	}

}
