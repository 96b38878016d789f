package dev.credbroker.api;

import java.util.Map;

import dev.credbroker.access.AccessService;
import dev.credbroker.access.FieldRequest;
import dev.credbroker.azure.MlResource;
import dev.credbroker.secrets.KeysView;
import dev.credbroker.secrets.SecretKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Serves one kind of secret at the API path its {@link SecretKind} gives: one instance per kind,
 * mapped by {@link SecretsRoutes}, described in the OpenAPI document by {@link SecretsOperations}.
 * The path's names are checked against Azure's rules, all at once, as the {@link MlResource} is
 * made from them.
 */
final class SecretsEndpoint {

	static final String FIELDS_LIMITS = ". At most " + FieldRequest.MAX_PATTERNS
			+ " in all when repeated, each at most " + dev.credbroker.policy.FieldPattern.MAX_LENGTH + " characters in "
			+ dev.credbroker.policy.FieldPattern.MAX_PARTS + " parts; more is a 400";

	private final SecretKind<?> kind;

	private final AccessService access;

	SecretsEndpoint(SecretKind<?> kind, AccessService access) {
		this.kind = kind;
		this.access = access;
	}

	SecretKind<?> kind() {
		return this.kind;
	}

	@Operation(tags = OpenApiConfiguration.SECRETS)
	@ApiResponse(responseCode = "200", description = "The view",
			content = @Content(schema = @Schema(implementation = KeysView.class)))
	@Answers({ ApiProblem.INVALID_PARAMETER, ApiProblem.POLICY_DENIED, ApiProblem.REVEAL_DENIED,
			ApiProblem.RESOURCE_NOT_FOUND, ApiProblem.QUOTA_EXCEEDED, ApiProblem.UPSTREAM_AUTHORIZATION_FAILED,
			ApiProblem.UPSTREAM_BAD_RESPONSE, ApiProblem.UPSTREAM_UNAVAILABLE, ApiProblem.IDENTITY_UNAVAILABLE,
			ApiProblem.UPSTREAM_TIMEOUT })
	@Parameter(name = FieldRequest.FIELDS, in = ParameterIn.QUERY,
			description = "Comma-separated field names or patterns (* within a part, ** any parts) that narrow the view"
					+ FIELDS_LIMITS,
			example = "notebook.*", schema = @Schema(type = "string"))
	@Parameter(name = FieldRequest.REVEAL, in = ParameterIn.QUERY,
			description = "Comma-separated field names or patterns to see in clear; all must be revealable"
					+ FIELDS_LIMITS,
			example = "containerRegistry.passwords.password2", schema = @Schema(type = "string"))
	@ResponseBody
	KeysView view(@Parameter(hidden = true) @PathVariable Map<String, String> names,
			@Parameter(hidden = true) FieldRequest fields, @Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt,
			HttpServletRequest request, HttpServletResponse response) {
		MlResource resource = MlResource.of(this.kind.path(), (segment) -> names.get(segment.parameter()));
		AccessService.Served served = AuditedOutcome
			.of(request, this.access.view(jwt.getClaims(), this.kind, resource, fields))
			.orThrow();
		if (served.age() != null) {
			// An answer from the cache says how old it is.
			response.setHeader(HttpHeaders.AGE, Long.toString(served.age().toSeconds()));
		}
		return served.view();
	}

}
