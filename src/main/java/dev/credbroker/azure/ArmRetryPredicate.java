package dev.credbroker.azure;

import java.util.function.Predicate;

/**
 * Which failed attempts the {@code arm} retry repeats: connection errors and 408, 429, 500, 502,
 * 503, 504, unless the attempt said it must not be repeated (a {@code Retry-After} beyond the
 * call's deadline). Named in {@code resilience4j.retry.instances.arm.retry-exception-predicate}.
 */
public class ArmRetryPredicate implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable failure) {
		return failure instanceof ArmException ex && ex.isRetryable();
	}

}
