package dev.credbroker.access;

import java.util.List;

import dev.credbroker.policy.Decision;

/**
 * A dry-run decision: what the caller's policy would decide for a resource.
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

	static DryRun of(String resourceId, Decision decision, List<String> revealable) {
		return new DryRun(resourceId, decision.allowed() ? "allow" : "deny", decision.reason().value(),
				decision.teams(), decision.grants(), decision.readable(), revealable, decision.revealed(),
				decision.revealDenied());
	}

}
