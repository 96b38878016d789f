package dev.credbroker.api;

import dev.credbroker.azure.MlResource;
import dev.credbroker.secrets.KeysView;
import dev.credbroker.secrets.Lookup;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The keys of Azure ML workspaces and computes, as views the caller's policy shapes. Path
 * parameters are checked against Azure's naming rules before anything is called, all at once, as
 * {@link MlResourceArgumentResolver} builds the {@link MlResource}; {@link KeysParametersCustomizer}
 * describes them in the OpenAPI document.
 */
@RestController
@RequestMapping(path = "/api/v1/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/workspaces/{workspaceName}",
		produces = MediaType.APPLICATION_JSON_VALUE)
class KeysController {

	private final KeysService keys;

	KeysController(KeysService keys) {
		this.keys = keys;
	}

	@GetMapping("/keys")
	@AuditAction.Audited(AuditAction.WORKSPACE_LIST_KEYS)
	@Operation(summary = "A workspace's keys (Workspaces - List Keys)",
			description = "The fields the caller's policy lets it read, redacted to length and fingerprint "
					+ "unless named in `reveal` and revealable.")
	@ApiResponse(responseCode = "200", description = "The view",
			content = @Content(schema = @Schema(implementation = KeysView.class),
					examples = @ExampleObject(value = ApiExamples.WORKSPACE_VIEW)))
	@ProblemResponses
	KeysView workspaceKeys(@Parameter(hidden = true) MlResource workspace,
			@Parameter(hidden = true) FieldRequest request, @Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt,
			HttpServletResponse response) {
		return respond(this.keys.view(workspace, jwt.getClaims(), request), response);
	}

	@GetMapping("/computes/{computeName}/keys")
	@AuditAction.Audited(AuditAction.COMPUTE_LIST_KEYS)
	@Operation(summary = "A compute's keys (Compute - List Keys)",
			description = "AKS, Databricks and VirtualMachine computes have secrets; other types an empty view.")
	@ApiResponse(responseCode = "200", description = "The view",
			content = @Content(schema = @Schema(implementation = KeysView.class),
					examples = @ExampleObject(value = ApiExamples.COMPUTE_VIEW)))
	@ProblemResponses
	KeysView computeKeys(@Parameter(hidden = true) MlResource compute,
			@Parameter(hidden = true) FieldRequest request, @Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt,
			HttpServletResponse response) {
		return respond(this.keys.view(compute, jwt.getClaims(), request), response);
	}

	/**
	 * An answer from the cache says how old it is. The view is returned as the body rather than in
	 * a {@code ResponseEntity}, whose handling (headers merged, conditional-request checks) cost a
	 * cache hit more than setting one header.
	 */
	private static KeysView respond(KeysService.Served served, HttpServletResponse response) {
		if (served.lookup().outcome() != Lookup.Outcome.MISS) {
			response.setHeader(HttpHeaders.AGE, Long.toString(served.lookup().age().toSeconds()));
		}
		return served.view();
	}

}
