package dev.credbroker.audit;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code audit}: down while the sink refuses records. Part of readiness: a broker that cannot
 * record answers nothing but 503, so traffic is better sent to a replica that can.
 */
@Component("audit")
class AuditHealthIndicator extends AbstractHealthIndicator {

	private final AuditTrail trail;

	AuditHealthIndicator(AuditTrail trail) {
		this.trail = trail;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		String problem = this.trail.sinkProblem();
		if (problem == null) {
			builder.up().withDetail("sink", this.trail.sinkName());
		}
		else {
			builder.down().withDetail("sink", this.trail.sinkName()).withDetail("problem", problem);
		}
	}

}
