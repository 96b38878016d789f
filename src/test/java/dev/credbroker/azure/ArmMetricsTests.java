package dev.credbroker.azure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArmMetricsTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void everyHeldBackReasonIsCountedFromZeroBeforeTheFirst() {
		ArmMetrics metrics = new ArmMetrics(this.meters);

		assertThat(this.meters.get("broker.arm.held.back").counters()).hasSize(ArmException.HeldBack.values().length)
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());

		metrics.heldBack(ArmException.HeldBack.BUDGET_SPENT);

		assertThat(this.meters.get("broker.arm.held.back").tag("reason", "budget-spent").counter().count()).isOne();
		assertThat(this.meters.get("broker.arm.held.back").counters()).hasSize(3);
	}

}
