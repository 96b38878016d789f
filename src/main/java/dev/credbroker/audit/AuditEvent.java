package dev.credbroker.audit;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * What happened in one API request, as the audit trail records it. Never a secret value, never a
 * token: fields are named, with their fingerprints.
 *
 * @param time when the request arrived, ISO-8601
 * @param id the request's id
 * @param caller who called; {@code null} when unauthenticated
 * @param teams the caller's teams
 * @param action the secret kind's operation, such as {@code workspace.listKeys} or
 * {@code connection.listSecrets}; {@code policy.decision}, {@code cache.evict}, {@code me}, or
 * {@code unknown}
 * @param resourceId the resource, once its name was found valid
 * @param requested the fields the caller asked for and asked to reveal
 * @param decision allowed or denied
 * @param reason why
 * @param grants the grants that allowed it
 * @param returned the fields the response carried
 * @param upstream what Azure Resource Manager answered, when it was called
 * @param status the HTTP status of the response
 * @param durationMs how long the broker took
 * @param clientAddress the caller's address
 * @param traceId the W3C trace id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(String time, String id, @Nullable Caller caller, List<String> teams, String action,
		@Nullable String resourceId, Requested requested, Verdict decision, String reason, List<String> grants,
		List<Returned> returned, @Nullable Upstream upstream, int status, long durationMs,
		@Nullable String clientAddress, @Nullable String traceId) {

	/**
	 * Whether the request was allowed.
	 */
	public enum Verdict {

		ALLOW("allow"),

		DENY("deny");

		private final String value;

		Verdict(String value) {
			this.value = value;
		}

		/**
		 * The verdict for a request that was, or was not, allowed.
		 * @param allowed whether it was
		 * @return the verdict
		 */
		public static Verdict of(boolean allowed) {
			return allowed ? ALLOW : DENY;
		}

		/**
		 * The verdict as the audit record and the dry run spell it.
		 * @return {@code allow} or {@code deny}
		 */
		@JsonValue
		public String value() {
			return this.value;
		}

	}

	/**
	 * How a returned field was shown.
	 */
	public enum Disclosure {

		/** Replaced by its length and fingerprint. */
		REDACTED("redacted"),

		/** A secret, in clear: the caller asked to see it and may. */
		REVEALED("revealed"),

		/** Not secret, such as a token's expiry: in clear to whoever may read it. */
		CLEAR("clear");

		private final String value;

		Disclosure(String value) {
			this.value = value;
		}

		/**
		 * The disclosure as the audit record spells it.
		 * @return {@code redacted}, {@code revealed} or {@code clear}
		 */
		@JsonValue
		public String value() {
			return this.value;
		}

	}

	/**
	 * The caller.
	 *
	 * @param subject {@code sub}
	 * @param issuer {@code iss}
	 * @param clientId {@code azp} or {@code appid}
	 * @param tenantId {@code tid}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Caller(String subject, String issuer, @Nullable String clientId, @Nullable String tenantId) {
	}

	/**
	 * What the caller asked for, as it spelt it.
	 *
	 * @param fields the {@code fields} parameter's items
	 * @param reveal the {@code reveal} parameter's items
	 */
	public record Requested(List<String> fields, List<String> reveal) {
	}

	/**
	 * A field the response carried.
	 *
	 * @param field its name
	 * @param disclosure how it was shown
	 * @param fingerprint its value's fingerprint
	 */
	public record Returned(String field, Disclosure disclosure, String fingerprint) {
	}

	/**
	 * Azure Resource Manager's part.
	 *
	 * @param status its HTTP status, 0 when it gave none
	 * @param requestId its {@code x-ms-request-id}
	 * @param cache the cache outcome: {@code hit}, {@code miss}, {@code stale} or {@code none}
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Upstream(int status, @Nullable String requestId, String cache) {
	}

}
