package dev.credbroker.azure;

import java.util.function.Predicate;

/**
 * Which failed calls count against Resource Manager in the {@code arm} circuit breaker: outages,
 * timeouts, malformed answers and a missing token. Not 404, not 401/403, and not another 4xx or an
 * answer too large to read, which are answers about the resource, the request or the broker's
 * rights, not signs that Azure is down: a caller with a grant on such a resource would otherwise
 * open the circuit for every team. Named in
 * {@code resilience4j.circuitbreaker.instances.arm.record-exception-predicate}.
 */
public class ArmFailurePredicate implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable failure) {
		if (!(failure instanceof ArmException ex)) {
			return true;
		}
		return switch (ex.reason()) {
			case NOT_FOUND, UPSTREAM_AUTHORIZATION, UNUSABLE_ANSWER -> false;
			case UPSTREAM_UNAVAILABLE, TIMEOUT, BAD_RESPONSE, IDENTITY_UNAVAILABLE -> true;
		};
	}

}
