package dev.credbroker.secrets;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import dev.credbroker.azure.ArmClient;
import dev.credbroker.azure.ArmResponse;
import dev.credbroker.azure.MlResource;

/**
 * The secrets of Azure ML resources: from the cache, or from Azure.
 */
public class SecretsService {

	private final ArmClient armClient;

	private final SecretsCache cache;

	private final Fingerprinter fingerprinter;

	private final Clock clock;

	SecretsService(ArmClient armClient, SecretsCache cache, Fingerprinter fingerprinter, Clock clock) {
		this.armClient = armClient;
		this.cache = cache;
		this.fingerprinter = fingerprinter;
		this.clock = clock;
	}

	/**
	 * The secrets of a resource.
	 * @param kind the kind of secret
	 * @param resource the resource, on the kind's path
	 * @return its secrets, and whether they came from the cache
	 * @throws dev.credbroker.azure.ArmException when Azure gave none and no stale answer may serve
	 */
	public Lookup fetch(SecretKind<?> kind, MlResource resource) {
		return this.cache.get(resource.id(), () -> call(kind, resource));
	}

	/**
	 * Drops a resource's cached answer, so that the next request asks Azure.
	 * @param resourceId the resource's ARM id
	 * @return whether there was one
	 */
	public boolean evict(String resourceId) {
		return this.cache.evict(resourceId);
	}

	private <T> CompletableFuture<ResourceSecrets> call(SecretKind<T> kind, MlResource resource) {
		return this.armClient.call(kind.operation(), resource)
			.map((ArmResponse<T> response) -> ResourceSecrets.of(resource.id(), kind.name(),
					kind.subtype().apply(response.body()), this.clock.instant(), kind.flatten().apply(response.body()),
					response.requestId(), this.fingerprinter))
			// Carries the caller's trace to Azure and into the log lines written on Reactor's threads.
			.contextCapture()
			.toFuture();
	}

}
