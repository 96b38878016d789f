package dev.credbroker.fleet;

import java.nio.file.Path;
import java.util.Map;

import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.FleetBrokers;
import dev.credbroker.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sealing key rotated from k1 to k2, as docs/fleet.md says, with three brokers on one Redis,
 * one at each step: {@code stepOne} still seals with k1 and has k2 as its previous key (k2 handed
 * out, opening only), {@code stepTwo} seals with k2 and keeps k1 as its previous key, {@code k2Only}
 * has dropped k1. Black-box: the fleet's answers over HTTP, Azure's calls counted by WireMock. Each
 * test changes Azure's answer after the first broker asked, so that an answer tells whether it came
 * from the fleet's entry or from Azure again.
 */
class FleetKeyRotationIntegrationTests {

	private static RedisServer redis;

	private static FleetBrokers stepOne;

	private static FleetBrokers stepTwo;

	private static FleetBrokers k2Only;

	private Workspaces workspaces;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		Path k1 = FleetBrokers.keyFile(FleetBrokers.newKey());
		Path k2 = FleetBrokers.keyFile(FleetBrokers.newKey());
		stepOne = FleetBrokers.start(1, redis,
				Map.of("broker.fleet.encryption-key", k1, "broker.fleet.previous-encryption-key", k2));
		stepTwo = FleetBrokers.start(1, redis,
				Map.of("broker.fleet.encryption-key", k2, "broker.fleet.previous-encryption-key", k1));
		k2Only = FleetBrokers.start(1, redis, Map.of("broker.fleet.encryption-key", k2));
	}

	@AfterAll
	static void stop() {
		FleetBrokers.closeAll(k2Only, stepTwo, stepOne, redis);
	}

	@BeforeEach
	void reset() {
		AzureStandIn.reset();
		this.workspaces = Workspaces.fresh();
	}

	@Test
	void thePreviousKeyOpensTheFleetsEntriesAndWithoutItTheyAreFetchedAgainNeverServed() {
		this.workspaces.stub("ws-k1", fixture("workspace-list-keys-all-fields.json"));
		String reader = Workspaces.token("readers");
		String sealedUnderK1 = Workspaces.fingerprint(stepOne.http(0).get(this.workspaces.keys("ws-k1"), reader));
		this.workspaces.stub("ws-k1", fixture("workspace-list-keys-rotated.json"));

		String readUnderK2 = Workspaces.fingerprint(stepTwo.http(0).get(this.workspaces.keys("ws-k1"), reader));

		assertThat(readUnderK2).as("the entry sealed under k1, opened with k1 as the previous key")
			.isEqualTo(sealedUnderK1);
		assertThat(AzureStandIn.armCalls()).isEqualTo(1);
		assertThat(stepTwo.refused(0, "unknown-key")).isZero();

		String withoutK1 = Workspaces.fingerprint(k2Only.http(0).get(this.workspaces.keys("ws-k1"), reader));

		assertThat(withoutK1).as("Azure's answer again, not the entry it cannot open").isNotEqualTo(sealedUnderK1);
		assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		assertThat(k2Only.refused(0, "unknown-key")).isOne();
	}

	@Test
	void whileTheNewKeyRollsOutEveryStepOpensWhatTheOtherSealed() {
		this.workspaces.stub("ws-k2", fixture("workspace-list-keys-all-fields.json"));
		String reader = Workspaces.token("readers");
		String sealedUnderK2 = Workspaces.fingerprint(stepTwo.http(0).get(this.workspaces.keys("ws-k2"), reader));
		this.workspaces.stub("ws-k2", fixture("workspace-list-keys-rotated.json"));

		String readAtStepOne = Workspaces.fingerprint(stepOne.http(0).get(this.workspaces.keys("ws-k2"), reader));

		assertThat(readAtStepOne).as("k2, handed out first as the previous key, opens what k2 sealed")
			.isEqualTo(sealedUnderK2);
		assertThat(AzureStandIn.armCalls()).isEqualTo(1);
		assertThat(stepOne.refused(0, "unknown-key")).isZero();
	}

}
