package dev.credbroker.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waits for a condition that another thread brings about, rather than for a guessed time: returns
 * as soon as it holds, and fails, naming it, if it has not held within ten seconds (or the time
 * given). The pause between checks is the only sleep, and it never decides an outcome.
 */
public final class Eventually {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration POLL = Duration.ofMillis(10);

	private Eventually() {
	}

	/**
	 * Waits until the condition holds.
	 * @param what the condition, for the failure message
	 * @param condition the condition
	 */
	public static void until(String what, BooleanSupplier condition) {
		value(what, condition::getAsBoolean, Boolean::booleanValue);
	}

	/**
	 * Waits until a probed value is acceptable.
	 * @param <T> the value's type
	 * @param what the condition, for the failure message
	 * @param probe reads the value
	 * @param acceptable whether a value will do
	 * @return the first acceptable value
	 */
	public static <T> T value(String what, Supplier<T> probe, Predicate<T> acceptable) {
		return value(what, TIMEOUT, probe, acceptable);
	}

	/**
	 * Waits until a probed value is acceptable, for longer than ten seconds: for a process that
	 * starts, or acts on its own schedule.
	 * @param <T> the value's type
	 * @param what the condition, for the failure message
	 * @param timeout how long to wait at most
	 * @param probe reads the value
	 * @param acceptable whether a value will do
	 * @return the first acceptable value
	 */
	public static <T> T value(String what, Duration timeout, Supplier<T> probe, Predicate<T> acceptable) {
		long deadline = System.nanoTime() + timeout.toNanos();
		T value = probe.get();
		while (!acceptable.test(value) && System.nanoTime() < deadline) {
			pause();
			value = probe.get();
		}
		T last = value;
		assertThat(acceptable.test(last)).as("%s within %s (last seen: %s)", what, timeout, last).isTrue();
		return last;
	}

	private static void pause() {
		try {
			Thread.sleep(POLL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
