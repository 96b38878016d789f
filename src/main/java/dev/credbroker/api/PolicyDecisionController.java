package dev.credbroker.api;

import dev.credbroker.azure.MlResource;
import dev.credbroker.dryrun.DecisionView;
import dev.credbroker.policy.Access;
import dev.credbroker.policy.Decision;
import dev.credbroker.secrets.KnownFields;
import io.swagger.v3.oas.annotations.Parameter;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's dry run: what its policy would decide for a resource, without calling Azure. Its
 * {@code fields} and {@code reveal} are read and bounded as the keys endpoints' are, and it is
 * charged to the team's quota like them, before the decision: deciding is what it costs.
 */
@RestController
class PolicyDecisionController {

	private final QuotaGate gate;

	PolicyDecisionController(QuotaGate gate) {
		this.gate = gate;
	}

	@GetMapping(path = "/api/v1/policy/decision", produces = MediaType.APPLICATION_JSON_VALUE)
	@AuditAction.Audited(AuditAction.POLICY_DECISION)
	DecisionView decision(@RequestParam("resourceId") String resourceId,
			@Parameter(hidden = true) FieldRequest request, @Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt) {
		MlResource resource = MlResource.parse(resourceId);
		AuditDetails audit = AuditDetails.current();
		audit.resourceId = resource.id();
		Access access = this.gate.access(jwt.getClaims(), resource.id());
		Decision decision = Decision.of(access, KnownFields.of(resource.isCompute()), request.fields(),
				request.reveal());
		// The dry run itself is allowed; the record names what the policy would decide.
		audit.decidedDryRun(decision);
		return DecisionView.of(resource.id(), access, decision);
	}

}
