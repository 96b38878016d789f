package dev.credbroker.policy;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code policy}: up while a policy is in force, with its source and size. Part of readiness.
 */
@Component("policy")
class PolicyHealthIndicator extends AbstractHealthIndicator {

	private final PolicyStore store;

	PolicyHealthIndicator(PolicyStore store) {
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Policy policy = this.store.current();
		builder.up().withDetail("source", policy.source()).withDetail("teams", policy.teams().size());
	}

}
