package dev.credbroker.access;

import java.util.List;

import dev.credbroker.policy.Decision;
import dev.credbroker.secrets.Lookup;
import org.jspecify.annotations.Nullable;

/**
 * What the broker did with one request for a resource: the whole story that both the response and
 * the audit record are made from, told once by {@link AccessService}.
 *
 * @param resourceId the resource's ARM id
 * @param request the fields the caller asked for
 * @param teams the caller's teams
 * @param grants the grants that cover the resource
 * @param team the team charged for the request: the one whose grant covers the resource
 * @param verdict what was decided, and why
 * @param upstream what Azure or the cache answered; {@code null} when neither was asked
 * @param disclosed the fields the answer carries
 * @param value the answer, when the request is served
 * @param refusal why it is not, when it is not: a {@link DeniedException}, a
 * {@link dev.credbroker.policy.QuotaExceededException} or an {@link dev.credbroker.azure.ArmException}
 * @param <T> the answer's type
 */
public record Outcome<T>(String resourceId, FieldRequest request, List<String> teams, List<String> grants,
		@Nullable String team, Verdict verdict, @Nullable Upstream upstream, List<Disclosed> disclosed,
		@Nullable T value, @Nullable RuntimeException refusal) {

	public Outcome {
		if ((value == null) == (refusal == null)) {
			throw new IllegalArgumentException("An outcome is served or refused, not both or neither");
		}
		teams = List.copyOf(teams);
		grants = List.copyOf(grants);
		disclosed = List.copyOf(disclosed);
	}

	/**
	 * The answer.
	 * @return the answer, when the request is served
	 * @throws RuntimeException the refusal, when it is not
	 */
	public T orThrow() {
		if (this.refusal != null) {
			throw this.refusal;
		}
		return this.value;
	}

	/**
	 * The policy's verdict on the request.
	 *
	 * @param allowed whether it was allowed
	 * @param reason why
	 * @param dryRun whether the request was a dry run, which is allowed itself whatever the
	 * policy would decide, and so names that decision's reason
	 */
	public record Verdict(boolean allowed, Decision.Reason reason, boolean dryRun) {

		static Verdict of(Decision decision) {
			return new Verdict(decision.allowed(), decision.reason(), false);
		}

		static Verdict denied(Decision.Reason reason) {
			return new Verdict(false, reason, false);
		}

	}

	/**
	 * What answered a request for secrets.
	 *
	 * @param status Azure's HTTP status; 0 when the cache answered without asking it
	 * @param requestId Azure's {@code x-ms-request-id}
	 * @param cache how the cache answered; {@code null} when it did not (Azure failed, and nothing
	 * was remembered)
	 */
	public record Upstream(int status, @Nullable String requestId, Lookup.@Nullable Outcome cache) {
	}

	/**
	 * A field the answer carries.
	 *
	 * @param field its name
	 * @param shown how it is shown
	 * @param fingerprint its value's fingerprint
	 */
	public record Disclosed(String field, Shown shown, String fingerprint) {
	}

	/**
	 * How the answer shows a field.
	 */
	public enum Shown {

		/** Replaced by its length and fingerprint. */
		REDACTED,

		/** A secret, in clear because the caller asked and may. */
		REVEALED,

		/** Not secret, in clear to whoever may read it. */
		CLEAR

	}

}
