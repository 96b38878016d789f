package dev.credbroker.secrets;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

import dev.credbroker.azure.ArmClient;
import dev.credbroker.azure.ArmResponse;
import dev.credbroker.azure.ComputeKeys;
import dev.credbroker.azure.MlResource;
import dev.credbroker.azure.WorkspaceKeys;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Fetches the secrets of a workspace or a compute from Azure.
 */
@Service
public class SecretsService {

	private final ArmClient armClient;

	private final Clock clock = Clock.systemUTC();

	SecretsService(ArmClient armClient) {
		this.armClient = armClient;
	}

	/**
	 * The secrets of a workspace or of a compute.
	 * @param resource the workspace or compute
	 * @return its secrets
	 * @throws dev.credbroker.azure.ArmException when Azure gave none
	 */
	public ResourceSecrets fetch(MlResource resource) {
		return resource.isCompute() ? fetchCompute(resource) : fetchWorkspace(resource);
	}

	private ResourceSecrets fetchWorkspace(MlResource workspace) {
		return fetch(this.armClient.listWorkspaceKeys(workspace), workspace, ResourceSecrets.Kind.WORKSPACE,
				(keys) -> null, SecretFields::of);
	}

	private ResourceSecrets fetchCompute(MlResource compute) {
		return fetch(this.armClient.listComputeKeys(compute), compute, ResourceSecrets.Kind.COMPUTE,
				ComputeKeys::computeType, SecretFields::of);
	}

	private <T> ResourceSecrets fetch(Mono<ArmResponse<T>> call, MlResource resource, ResourceSecrets.Kind kind,
			Function<T, String> computeType, Function<T, Map<String, SecretValue>> fields) {
		ArmResponse<T> response = call.block();
		if (response == null) {
			throw new IllegalStateException("Azure Resource Manager call completed without a response");
		}
		T body = response.body();
		return new ResourceSecrets(resource.id(), kind, computeType.apply(body), this.clock.instant(),
				fields.apply(body), response.requestId());
	}

}
