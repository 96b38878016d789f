package dev.credbroker.azure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * {@code broker.arm.requests}: one timing per attempt that reached Azure, tagged with the
 * operation and ARM's status ({@code timeout} or {@code error} when it gave none); and
 * {@code broker.arm.held.back}: the calls the broker refused to make, by reason.
 */
final class ArmMetrics {

	private final MeterRegistry registry;

	ArmMetrics(MeterRegistry registry) {
		this.registry = registry;
		// At 0 from the start: Prometheus' increase() misses a counter's first step when its
		// series appears with it, and the alert on a spent budget would miss the first outage.
		for (ArmException.HeldBack reason : ArmException.HeldBack.values()) {
			heldBackCounter(reason);
		}
	}

	<T> Mono<T> time(String operation, Mono<T> attempt) {
		return Mono.defer(() -> {
			Timer.Sample sample = Timer.start(this.registry);
			return attempt.doOnSuccess((result) -> stop(sample, operation, "200"))
				.doOnError((ex) -> stop(sample, operation, status(ex)));
		});
	}

	/**
	 * Counts a call the broker did not make: {@code broker.arm.held.back}, by reason.
	 * @param reason why
	 */
	void heldBack(ArmException.HeldBack reason) {
		heldBackCounter(reason).increment();
	}

	private Counter heldBackCounter(ArmException.HeldBack reason) {
		return Counter.builder("broker.arm.held.back")
			.description("Calls to Azure Resource Manager the broker held back, by reason")
			.tag("reason", reason.value())
			.register(this.registry);
	}

	private void stop(Timer.Sample sample, String operation, String status) {
		sample.stop(Timer.builder("broker.arm.requests")
			.description("Attempts at Azure Resource Manager listKeys calls, by operation and status")
			.tag("operation", operation)
			.tag("status", status)
			.register(this.registry));
	}

	private static String status(Throwable failure) {
		if (failure instanceof ArmException ex) {
			if (ex.upstreamStatus() != 0) {
				return Integer.toString(ex.upstreamStatus());
			}
			return (ex.reason() == ArmException.Reason.TIMEOUT) ? "timeout" : "error";
		}
		return "error";
	}

}
