package dev.credbroker.api;

import java.util.Map;

import dev.credbroker.policy.Access;
import dev.credbroker.policy.Policy;
import dev.credbroker.policy.PolicyStore;
import dev.credbroker.policy.TeamQuotas;

import org.springframework.stereotype.Component;

/**
 * The caller's access to a resource, charged to its team's quota before anything is decided on
 * it: matching the request's field patterns is the work a quota bounds, so a request over quota
 * is refused with no decision made (nor any ARM call). Used by every endpoint that decides on
 * fields, the dry run included.
 */
@Component
class QuotaGate {

	private final PolicyStore policies;

	private final TeamQuotas quotas;

	QuotaGate(PolicyStore policies, TeamQuotas quotas) {
		this.policies = policies;
		this.quotas = quotas;
	}

	/**
	 * The caller's access to a resource, once its team has been charged.
	 * @param claims the claims of the caller's validated token
	 * @param resourceId the resource
	 * @return the access, on the policy in force now
	 * @throws dev.credbroker.policy.QuotaExceededException if the team is over its quota; the audit
	 * record then names the grants that cover the resource and the team
	 */
	Access access(Map<String, Object> claims, String resourceId) {
		Policy policy = this.policies.current();
		Access access = policy.access(claims, resourceId);
		AuditDetails audit = AuditDetails.current();
		audit.grants = access.grants();
		this.quotas.charge(policy, access).ifPresent((team) -> audit.team = team);
		return access;
	}

}
