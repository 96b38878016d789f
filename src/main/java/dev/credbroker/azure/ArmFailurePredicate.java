package dev.credbroker.azure;

import java.util.function.Predicate;

/**
 * Which failed calls count against Resource Manager in the {@code arm} circuit breaker: outages,
 * timeouts, unusable answers and a missing token. Not 404, and not 401/403, which are answers
 * about the resource or the broker's rights, not signs that Azure is down. Named in
 * {@code resilience4j.circuitbreaker.instances.arm.record-exception-predicate}.
 */
public class ArmFailurePredicate implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable failure) {
		if (!(failure instanceof ArmException ex)) {
			return true;
		}
		return switch (ex.reason()) {
			case NOT_FOUND, UPSTREAM_AUTHORIZATION -> false;
			case UPSTREAM_UNAVAILABLE, TIMEOUT, BAD_RESPONSE, IDENTITY_UNAVAILABLE -> true;
		};
	}

}
