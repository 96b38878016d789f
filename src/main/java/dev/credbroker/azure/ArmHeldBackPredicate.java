package dev.credbroker.azure;

import java.util.function.Predicate;

/**
 * Calls the broker itself held back, for a spent budget or a full bulkhead: they say nothing of
 * Azure's health, so the {@code arm} circuit breaker ignores them. Named in
 * {@code resilience4j.circuitbreaker.instances.arm.ignore-exception-predicate}.
 */
public class ArmHeldBackPredicate implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable failure) {
		return failure instanceof ArmException ex && ex.isHeldBack();
	}

}
