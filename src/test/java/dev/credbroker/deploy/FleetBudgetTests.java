package dev.credbroker.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.credbroker.azure.ArmProperties;
import dev.credbroker.deploy.ChartRendering.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.credbroker.deploy.ChartRendering.CHART;
import static dev.credbroker.deploy.ChartRendering.read;
import static dev.credbroker.deploy.ChartRendering.render;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet's ARM budget, divided by the chart among the pods the fleet can grow to.
 */
class FleetBudgetTests {

	@ParameterizedTest(name = "fleet {0}/s, burst {1}, over {2} pods: {3}/s, burst {4} each")
	@CsvSource({ "8, 150, 4, 2, 37", "8, 150, 3, 2.666, 50", "10, 200, 7, 1.428, 28", "8, 150, 1, 8, 150",
			"1, 5, 10, 0.1, 1", "0.0005, 1, 2, 0.001, 1" })
	void givesEachPodItsShareOfTheAutoscalersMaximum(String fleetRate, int fleetBurst, int maxReplicas,
			double podRate, int podBurst, @TempDir Path directory) throws IOException {
		// A values file, not --set, which would pass a decimal rate as a string.
		Path values = directory.resolve("values.yaml");
		Files.writeString(values, """
				autoscaling: {minReplicas: 1, maxReplicas: %d}
				broker: {arm: {budget: {fleetRatePerSecond: %s, fleetBurst: %d}}}
				""".formatted(maxReplicas, fleetRate, fleetBurst));
		ArmProperties.Budget budget = render((helm) -> helm.withValuesFile(values)).binder()
			.bind("broker.arm", ArmProperties.class)
			.get()
			.budget();
		assertThat(budget.ratePerSecond()).isEqualTo(podRate);
		assertThat(budget.burst()).isEqualTo(podBurst);
		if (podRate > 0.001) {
			assertThat(budget.ratePerSecond() * maxReplicas).as("the fleet at its largest")
				.isLessThanOrEqualTo(Double.parseDouble(fleetRate));
		}
		if (podBurst > 1) {
			assertThat(budget.burst() * maxReplicas).isLessThanOrEqualTo(fleetBurst);
		}
	}

	@Test
	void dividesByTheReplicaCountWhenAutoscalingIsOff() {
		Manifests manifests = render((helm) -> helm.set("autoscaling.enabled", false));
		assertThat(manifests.find("HorizontalPodAutoscaler")).isEmpty();
		assertThat(manifests.deployment().at("/spec/replicas").asInt()).as("replicaCount's default").isEqualTo(2);
		ArmProperties.Budget budget = manifests.binder().bind("broker.arm", ArmProperties.class).get().budget();
		assertThat(budget.ratePerSecond()).isEqualTo(4.0);
		assertThat(budget.burst()).isEqualTo(75);
	}

	@Test
	void documentsTheDivisionInValuesYaml() {
		String values = read(CHART.resolve("values.yaml"));
		assertThat(values).contains("fleetRatePerSecond", "fleetBurst", "autoscaling.maxReplicas",
				"fleetRatePerSecond / N", "fleetBurst / N");
	}

}
