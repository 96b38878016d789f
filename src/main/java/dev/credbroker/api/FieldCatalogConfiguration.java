package dev.credbroker.api;

import dev.credbroker.policy.FieldCatalog;
import dev.credbroker.policy.FieldPattern;
import dev.credbroker.dryrun.KnownFieldCatalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tells the policy which secret fields there are, so that it warns of a grant's pattern that
 * matches none (a misspelt field). Here, where the policy and the secrets meet, so that neither
 * package depends on the other.
 */
@Configuration(proxyBeanMethods = false)
class FieldCatalogConfiguration {

	@Bean
	FieldCatalog secretFieldCatalog() {
		return KnownFieldCatalog.INSTANCE;
	}

	/** A known field, or a registry password, which Azure may name as it pleases. */
	static boolean mayMatch(FieldPattern pattern) {
		return KnownFieldCatalog.mayMatch(pattern);
	}

}
