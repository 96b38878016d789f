package dev.credbroker.api;

import java.time.Instant;

import dev.credbroker.azure.AzureNames;
import dev.credbroker.azure.MlResource;
import dev.credbroker.secrets.KeysView;
import dev.credbroker.secrets.Lookup;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The keys of Azure ML workspaces and computes, as views the caller's policy shapes. Path
 * parameters are checked against Azure's naming rules before anything is called.
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
	ResponseEntity<KeysView> workspaceKeys(
			@PathVariable("subscriptionId") @Pattern(regexp = AzureNames.SUBSCRIPTION_ID) String subscriptionId,
			@PathVariable("resourceGroupName") @Pattern(regexp = AzureNames.RESOURCE_GROUP) String resourceGroupName,
			@PathVariable("workspaceName") @Pattern(regexp = AzureNames.WORKSPACE) String workspaceName,
			@RequestParam(name = "fields", required = false) @Nullable String fields,
			@RequestParam(name = "reveal", required = false) @Nullable String reveal,
			@AuthenticationPrincipal Jwt jwt) {
		return respond(this.keys.view(MlResource.workspace(subscriptionId, resourceGroupName, workspaceName),
				jwt.getClaims(), FieldRequest.parse(fields, reveal)));
	}

	@GetMapping("/computes/{computeName}/keys")
	ResponseEntity<KeysView> computeKeys(
			@PathVariable("subscriptionId") @Pattern(regexp = AzureNames.SUBSCRIPTION_ID) String subscriptionId,
			@PathVariable("resourceGroupName") @Pattern(regexp = AzureNames.RESOURCE_GROUP) String resourceGroupName,
			@PathVariable("workspaceName") @Pattern(regexp = AzureNames.WORKSPACE) String workspaceName,
			@PathVariable("computeName") @Pattern(regexp = AzureNames.COMPUTE) String computeName,
			@RequestParam(name = "fields", required = false) @Nullable String fields,
			@RequestParam(name = "reveal", required = false) @Nullable String reveal,
			@AuthenticationPrincipal Jwt jwt) {
		return respond(this.keys.view(MlResource.compute(subscriptionId, resourceGroupName, workspaceName, computeName),
				jwt.getClaims(), FieldRequest.parse(fields, reveal)));
	}

	/** An answer from the cache says how old it is. */
	private static ResponseEntity<KeysView> respond(KeysService.Served served) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (served.lookup().outcome() != Lookup.Outcome.MISS) {
			response.header(HttpHeaders.AGE, Long.toString(served.lookup().age(Instant.now()).toSeconds()));
		}
		return response.body(served.view());
	}

}
