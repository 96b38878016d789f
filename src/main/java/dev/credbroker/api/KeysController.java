package dev.credbroker.api;

import dev.credbroker.azure.AzureNames;
import dev.credbroker.azure.MlResource;
import dev.credbroker.secrets.KeysView;
import dev.credbroker.secrets.SecretsService;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The keys of Azure ML workspaces and computes, as redacted views. Path parameters are checked
 * against Azure's naming rules before anything is called.
 */
@RestController
@RequestMapping(path = "/api/v1/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/workspaces/{workspaceName}",
		produces = MediaType.APPLICATION_JSON_VALUE)
class KeysController {

	private final SecretsService secrets;

	KeysController(SecretsService secrets) {
		this.secrets = secrets;
	}

	@GetMapping("/keys")
	KeysView workspaceKeys(
			@PathVariable("subscriptionId") @Pattern(regexp = AzureNames.SUBSCRIPTION_ID) String subscriptionId,
			@PathVariable("resourceGroupName") @Pattern(regexp = AzureNames.RESOURCE_GROUP) String resourceGroupName,
			@PathVariable("workspaceName") @Pattern(regexp = AzureNames.WORKSPACE) String workspaceName) {
		return KeysView.redacted(this.secrets.fetch(MlResource.workspace(subscriptionId, resourceGroupName, workspaceName)));
	}

	@GetMapping("/computes/{computeName}/keys")
	KeysView computeKeys(
			@PathVariable("subscriptionId") @Pattern(regexp = AzureNames.SUBSCRIPTION_ID) String subscriptionId,
			@PathVariable("resourceGroupName") @Pattern(regexp = AzureNames.RESOURCE_GROUP) String resourceGroupName,
			@PathVariable("workspaceName") @Pattern(regexp = AzureNames.WORKSPACE) String workspaceName,
			@PathVariable("computeName") @Pattern(regexp = AzureNames.COMPUTE) String computeName) {
		return KeysView.redacted(this.secrets
			.fetch(MlResource.compute(subscriptionId, resourceGroupName, workspaceName, computeName)));
	}

}
