package dev.credbroker.access;

import java.util.List;
import java.util.Set;

import dev.credbroker.azure.MlResource;
import dev.credbroker.policy.Access;
import dev.credbroker.policy.Decision;
import dev.credbroker.secrets.KnownFields;
import dev.credbroker.secrets.SecretKind;
import dev.credbroker.secrets.SecretKinds;

/**
 * A dry-run decision: what the caller's policy would decide for a resource. The one shape the
 * dry-run endpoint answers and {@code policy-check} prints, decided by the one method both call.
 *
 * @param resourceId the resource
 * @param decision {@code allow} or {@code deny}
 * @param reason {@code allow}, {@code no-team}, {@code no-grant} or {@code reveal-not-granted}
 * @param teams the caller's teams
 * @param grants the grants that cover the resource
 * @param readable the fields the caller would see
 * @param revealable those of them that are secret and it could ask to see in clear
 * @param revealed those it asked to see in clear and would
 * @param revealDenied those it asked to see in clear and may not
 */
public record DryRun(String resourceId, String decision, String reason, List<String> teams, List<String> grants,
		List<String> readable, List<String> revealable, List<String> revealed, List<String> revealDenied) {

	/**
	 * What the policy would decide on a request for a resource's secrets, on every field a resource
	 * of its kind may have, of every kind of secret it has (an online endpoint's keys and its
	 * token), without asking Azure which it has.
	 * @param known the fields the resource may have, as {@link #known} gives them
	 * @param access the caller's access to it
	 * @param request the fields asked for
	 * @return the decision
	 */
	public static Decision decide(KnownFields known, Access access, FieldRequest request) {
		return Decision.of(access, known.names(), known.clear(), request.fields(), request.reveal());
	}

	/**
	 * The answer for a decision.
	 * @param resourceId the resource
	 * @param known the fields it may have, as {@link #known} gives them
	 * @param access the caller's access to it
	 * @param decision the decision
	 * @return the dry run's answer
	 */
	public static DryRun of(String resourceId, KnownFields known, Access access, Decision decision) {
		Set<String> clear = known.clear();
		List<String> revealable = decision.readable()
			.stream()
			.filter((field) -> !clear.contains(field) && access.canReveal(field))
			.toList();
		return new DryRun(resourceId, decision.allowed() ? "allow" : "deny", decision.reason().value(),
				decision.teams(), decision.grants(), decision.readable(), revealable, decision.revealed(),
				decision.revealDenied());
	}

	/**
	 * The fields a resource may have, of every kind of secret it has: what a dry run decides on.
	 * @param resource the resource
	 * @return its fields
	 * @throws InvalidParameterException naming {@code resourceId} when the broker serves no secret
	 * of the resource's kind
	 */
	public static KnownFields known(MlResource resource) {
		List<SecretKind<?>> kinds = SecretKinds.of(resource);
		if (kinds.isEmpty()) {
			throw new InvalidParameterException("resourceId", "names no resource whose secrets the broker serves");
		}
		return KnownFields.of(kinds);
	}

}
