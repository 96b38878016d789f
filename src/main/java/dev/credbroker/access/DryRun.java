package dev.credbroker.access;

import java.util.List;

import dev.credbroker.azure.MlResource;
import dev.credbroker.policy.Access;
import dev.credbroker.policy.Decision;
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
 * @param revealable those of them it could ask to see in clear
 * @param revealed those it asked to see in clear and would
 * @param revealDenied those it asked to see in clear and may not
 */
public record DryRun(String resourceId, String decision, String reason, List<String> teams, List<String> grants,
		List<String> readable, List<String> revealable, List<String> revealed, List<String> revealDenied) {

	/**
	 * What the policy would decide on a request for a resource's secrets, on the fields a resource
	 * of its kind may have, without asking Azure which it has.
	 * @param resource the resource
	 * @param access the caller's access to it
	 * @param request the fields asked for
	 * @return the decision
	 * @throws InvalidParameterException naming {@code resourceId} when the broker serves no secret
	 * of the resource's kind
	 */
	public static Decision decide(MlResource resource, Access access, FieldRequest request) {
		return Decision.of(access, kindOf(resource).knownFields(), request.fields(), request.reveal());
	}

	/**
	 * The answer for a decision.
	 * @param resourceId the resource
	 * @param access the caller's access to it
	 * @param decision the decision
	 * @return the dry run's answer
	 */
	public static DryRun of(String resourceId, Access access, Decision decision) {
		List<String> revealable = decision.readable().stream().filter(access::canReveal).toList();
		return new DryRun(resourceId, decision.allowed() ? "allow" : "deny", decision.reason().value(),
				decision.teams(), decision.grants(), decision.readable(), revealable, decision.revealed(),
				decision.revealDenied());
	}

	static SecretKind<?> kindOf(MlResource resource) {
		return SecretKinds.of(resource).orElseThrow(() -> new InvalidParameterException("resourceId",
				"names no resource whose secrets the broker serves"));
	}

}
