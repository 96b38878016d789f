package dev.credbroker.api;

import dev.credbroker.access.AccessService;
import dev.credbroker.access.DryRun;
import dev.credbroker.access.FieldRequest;
import dev.credbroker.azure.MlResource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's dry run: what its policy would decide for a resource, without calling Azure. Its
 * {@code fields} and {@code reveal} are read and bounded as the secrets endpoints' are, and it is
 * charged to the team's quota like them.
 */
@RestController
class PolicyDecisionController {

	private final AccessService access;

	PolicyDecisionController(AccessService access) {
		this.access = access;
	}

	@GetMapping(path = "/api/v1/policy/decision", produces = MediaType.APPLICATION_JSON_VALUE)
	@AuditAction.Audited(AuditAction.POLICY_DECISION)
	@Operation(operationId = "policyDecision", tags = OpenApiConfiguration.POLICY,
			summary = "What the caller's policy would decide for a resource (dry run)",
			description = "The decision, its reason, the grants that cover the resource and which fields the caller "
					+ "would read and could reveal, without calling Azure. Charged to the team's quota like a "
					+ "request for secrets; always 200 when it can be decided, whatever the decision.")
	@Answers({ ApiProblem.INVALID_PARAMETER, ApiProblem.QUOTA_EXCEEDED })
	@Parameter(name = FieldRequest.FIELDS, in = ParameterIn.QUERY,
			description = "As the secrets endpoints' `fields`" + SecretsEndpoint.FIELDS_LIMITS,
			schema = @Schema(type = "string"))
	@Parameter(name = FieldRequest.REVEAL, in = ParameterIn.QUERY,
			description = "As the secrets endpoints' `reveal`" + SecretsEndpoint.FIELDS_LIMITS,
			schema = @Schema(type = "string"))
	DryRun decision(@RequestParam("resourceId") String resourceId, @Parameter(hidden = true) FieldRequest fields,
			@Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt, HttpServletRequest request) {
		MlResource resource = MlResource.parse(resourceId);
		return AuditedOutcome.of(request, this.access.dryRun(jwt.getClaims(), resource, fields)).orThrow();
	}

}
