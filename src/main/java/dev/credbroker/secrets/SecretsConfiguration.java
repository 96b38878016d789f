package dev.credbroker.secrets;

import java.time.Clock;

import dev.credbroker.azure.ArmClient;
import dev.credbroker.crypto.SealingKeys;
import dev.credbroker.fleet.Fleet;
import dev.credbroker.fleet.FleetProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The secrets service and its cache: in this replica's memory, and in fleet mode in front of the
 * fleet's sealed entries in Redis.
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

	@Bean
	SecretsCache secretsCache(CacheProperties properties, Clock clock, MeterRegistry meterRegistry,
			ObjectProvider<Fleet> fleet, ObjectProvider<SealingKeys> sealingKeys, FleetProperties fleetProperties,
			ArmClient armClient) {
		Fleet redis = fleet.getIfAvailable();
		SharedAnswers shared = (redis != null) ? new SharedAnswers(redis, sealingKeys.getObject(), meterRegistry) : null;
		return new SecretsCache(properties, clock, meterRegistry, shared, fleetProperties.localTtl(),
				armClient.deadline());
	}

	@Bean
	SecretsService secretsService(ArmClient armClient, SecretsCache secretsCache, Fingerprinter fingerprinter,
			Clock clock, MeterRegistry meterRegistry) {
		return new SecretsService(armClient, secretsCache, fingerprinter, clock, meterRegistry);
	}

}
