package dev.credbroker.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import dev.credbroker.azure.ArmClient;
import dev.credbroker.azure.ArmException;
import dev.credbroker.azure.ArmResponse;
import dev.credbroker.azure.MlResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The secrets of Azure ML resources: from the cache, or from Azure.
 */
public class SecretsService {

	private static final Log logger = LogFactory.getLog(SecretsService.class);

	/**
	 * How much sooner than asked a secret asked to expire is taken to expire (a datastore's SAS):
	 * never served, fresh or stale, past the time Azure may end it.
	 */
	static final Duration ASKED_LIFETIME_MARGIN = Duration.ofMinutes(5);

	private final ArmClient armClient;

	private final SecretsCache cache;

	private final Fingerprinter fingerprinter;

	private final Clock clock;

	private final MeterRegistry meterRegistry;

	SecretsService(ArmClient armClient, SecretsCache cache, Fingerprinter fingerprinter, Clock clock,
			MeterRegistry meterRegistry) {
		this.armClient = armClient;
		this.cache = cache;
		this.fingerprinter = fingerprinter;
		this.clock = clock;
		this.meterRegistry = meterRegistry;
	}

	/**
	 * The secrets of a resource.
	 * @param kind the kind of secret
	 * @param resource the resource, on the kind's path
	 * @return its secrets, and whether they came from the cache
	 * @throws dev.credbroker.azure.ArmException when Azure gave none and no stale answer may serve
	 */
	public Lookup fetch(SecretKind<?> kind, MlResource resource) {
		return this.cache.get(kind.name(), resource.id(), () -> call(kind, resource));
	}

	/**
	 * Drops a resource's cached answers, of every kind of secret it has, so that the next request
	 * for any of them asks Azure.
	 * @param resource the resource
	 * @return whether there was one
	 */
	public boolean evict(MlResource resource) {
		boolean evicted = false;
		for (SecretKind<?> kind : SecretKinds.of(resource)) {
			evicted |= this.cache.evict(kind.name(), resource.id());
		}
		return evicted;
	}

	private <T> CompletableFuture<ResourceSecrets> call(SecretKind<T> kind, MlResource resource) {
		ArmException refused = this.armClient.refusal(kind.operation(), resource);
		if (refused != null) {
			return CompletableFuture.failedFuture(refused);
		}
		return this.armClient.call(kind.operation(), resource)
			.map((ArmResponse<T> response) -> read(kind, resource, response))
			// Carries the caller's trace to Azure and into the log lines written on Reactor's threads.
			.contextCapture()
			.toFuture();
	}

	private <T> ResourceSecrets read(SecretKind<T> kind, MlResource resource, ArmResponse<T> response) {
		T payload = response.body();
		SecretKind.Reader<T> reader = kind.reader();
		String unknown = reader.unknownSchema(payload);
		if (unknown != null) {
			unknownSchema(kind, resource, unknown);
		}
		Instant retrievedAt = this.clock.instant();
		SecretKind.Validity validity = reader.validity(payload);
		if (response.lifetime() != null) {
			// Azure's clock started before the answer arrived, and may run ahead of the broker's.
			validity = validity.expiringBy(retrievedAt.plus(response.lifetime()).minus(ASKED_LIFETIME_MARGIN));
		}
		return ResourceSecrets.of(resource.id(), kind.name(), reader.subtype(payload), retrievedAt,
				reader.fields(payload), kind.known().clear(), validity, response.requestId(), this.fingerprinter);
	}

	/**
	 * Azure answered with a type whose secrets the broker cannot tell from the rest: it serves the
	 * fields it knows not to be secret, none of the others, and says so, once per answer.
	 */
	private void unknownSchema(SecretKind<?> kind, MlResource resource, String type) {
		String tag = SecretFields.boundedTag(type);
		Counter.builder("broker.secrets.unknown.schema")
			.description("Answers of Azure's whose type has no schema the broker knows; their secrets were left out")
			.tag("kind", kind.name())
			.tag("type", tag)
			.register(this.meterRegistry)
			.increment();
		logger.warn(kind.operation().name() + " " + resource.id() + ": type '" + tag
				+ "' has no schema the broker knows; only its fields that are not secret are served");
	}

}
