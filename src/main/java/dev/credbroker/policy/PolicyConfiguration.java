package dev.credbroker.policy;

import dev.credbroker.security.TrustedIssuers;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Loads the policy file, which the broker cannot run without: no file, or an invalid one, and it
 * refuses to start. Its member rules are checked against the issuers the broker trusts.
 */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

	@Bean
	PolicyStore policyStore(PolicyProperties properties, ResourceLoader resourceLoader, TrustedIssuers trustedIssuers,
			MeterRegistry meterRegistry, ObjectProvider<FieldCatalog> catalog) {
		String location = properties.location();
		if (location == null || location.isBlank()) {
			throw new InvalidPolicyException(
					"No policy file: set broker.policy.location, e.g. file:/etc/credential-broker/policies.yaml");
		}
		Resource resource = resourceLoader.getResource(location);
		if (!resource.exists()) {
			throw new InvalidPolicyException("Invalid policy file " + location + ": it does not exist");
		}
		return new PolicyStore(resource, location, trustedIssuers.uris(), meterRegistry,
				catalog.getIfAvailable(() -> FieldCatalog.ANY));
	}

	@Bean
	PolicyReloader policyReloader(PolicyStore policyStore, PolicyProperties properties) {
		return new PolicyReloader(policyStore, properties.reloadInterval());
	}

}
