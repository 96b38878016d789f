package dev.credbroker.secrets;

import java.time.Clock;

import dev.credbroker.azure.ArmClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The secrets service and its cache.
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

	@Bean
	SecretsCache secretsCache(CacheProperties properties, Clock clock, MeterRegistry meterRegistry) {
		return new SecretsCache(properties, clock, meterRegistry);
	}

	@Bean
	SecretsService secretsService(ArmClient armClient, SecretsCache secretsCache, Fingerprinter fingerprinter,
			Clock clock, MeterRegistry meterRegistry) {
		return new SecretsService(armClient, secretsCache, fingerprinter, clock, meterRegistry);
	}

}
