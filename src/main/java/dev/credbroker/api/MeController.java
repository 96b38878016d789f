package dev.credbroker.api;

import java.util.List;

import dev.credbroker.policy.PolicyStore;
import dev.credbroker.policy.Team;
import dev.credbroker.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller as the broker sees it, with the teams its policy puts it in, so that a service can
 * check what its token says before it asks for secrets.
 */
@RestController
class MeController {

	private final PolicyStore policies;

	MeController(PolicyStore policies) {
		this.policies = policies;
	}

	@GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
	@AuditAction.Audited(AuditAction.ME)
	@Operation(operationId = "me", tags = OpenApiConfiguration.IDENTITY, summary = "The caller, as the broker sees it",
			description = "The token's subject, issuer, client and tenant, its roles and groups, and the teams the "
					+ "policy puts the caller in: what a service checks before it asks for secrets. Calls no Azure API.")
	@Answers({})
	Me me(@Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt) {
		Caller caller = Caller.from(jwt);
		List<String> teams = this.policies.current().teamsOf(jwt.getClaims()).stream().map(Team::name).toList();
		return new Me(caller.subject(), caller.issuer(), caller.clientId(), caller.tenantId(), caller.roles(),
				caller.groups(), teams);
	}

	/**
	 * The caller.
	 *
	 * @param subject the token's {@code sub}
	 * @param issuer the token's {@code iss}
	 * @param clientId the calling application: {@code azp} or {@code appid}
	 * @param tenantId the Microsoft Entra tenant, {@code tid}
	 * @param roles the token's app roles
	 * @param groups the token's groups
	 * @param teams the policy's teams the caller is in
	 */
	record Me(String subject, String issuer, @Nullable String clientId, @Nullable String tenantId, List<String> roles,
			List<String> groups, List<String> teams) {
	}

}
