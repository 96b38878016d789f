package dev.credbroker.dryrun;

import java.util.List;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.policy.Access;
import dev.credbroker.policy.Decision;

/**
 * A dry-run decision: the one shape the dry-run endpoint answers and {@code policy-check} prints.
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
public record DecisionView(String resourceId, String decision, String reason, List<String> teams,
		List<String> grants, List<String> readable, List<String> revealable, List<String> revealed,
		List<String> revealDenied) {

	/**
	 * The view of a decision.
	 * @param resourceId the resource
	 * @param access the caller's access to it
	 * @param decision the decision on the fields it may have
	 * @return the view
	 */
	public static DecisionView of(String resourceId, Access access, Decision decision) {
		List<String> revealable = decision.readable().stream().filter(access::canReveal).toList();
		return new DecisionView(resourceId, AuditEvent.Verdict.of(decision.allowed()).value(),
				decision.reason().value(), decision.teams(), decision.grants(), decision.readable(), revealable,
				decision.revealed(), decision.revealDenied());
	}

}
