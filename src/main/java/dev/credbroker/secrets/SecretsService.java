package dev.credbroker.secrets;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.credbroker.azure.ArmClient;
import dev.credbroker.azure.ArmResponse;
import dev.credbroker.azure.ComputeKeys;
import dev.credbroker.azure.MlResource;
import reactor.core.publisher.Mono;

/**
 * The secrets of workspaces and computes: from the cache, or from Azure.
 */
public class SecretsService {

	private final ArmClient armClient;

	private final SecretsCache cache;

	private final Clock clock;

	SecretsService(ArmClient armClient, SecretsCache cache, Clock clock) {
		this.armClient = armClient;
		this.cache = cache;
		this.clock = clock;
	}

	/**
	 * The secrets of a workspace or of a compute.
	 * @param resource the workspace or compute
	 * @return its secrets, and whether they came from the cache
	 * @throws dev.credbroker.azure.ArmException when Azure gave none and no stale answer may serve
	 */
	public Lookup fetch(MlResource resource) {
		return this.cache.get(resource.id(), () -> call(resource));
	}

	private CompletableFuture<ResourceSecrets> call(MlResource resource) {
		if (resource.isCompute()) {
			return toSecrets(this.armClient.listComputeKeys(resource), resource, ResourceSecrets.Kind.COMPUTE,
					ComputeKeys::computeType, SecretFields::of);
		}
		return toSecrets(this.armClient.listWorkspaceKeys(resource), resource, ResourceSecrets.Kind.WORKSPACE,
				(keys) -> null, SecretFields::of);
	}

	private <T> CompletableFuture<ResourceSecrets> toSecrets(Mono<ArmResponse<T>> call, MlResource resource,
			ResourceSecrets.Kind kind, Function<T, String> computeType, Function<T, Map<String, SecretValue>> fields) {
		return call.map((response) -> new ResourceSecrets(resource.id(), kind, computeType.apply(response.body()),
				this.clock.instant(), fields.apply(response.body()), response.requestId()))
			// Carries the caller's trace to Azure and into the log lines written on Reactor's threads.
			.contextCapture()
			.toFuture();
	}

}
