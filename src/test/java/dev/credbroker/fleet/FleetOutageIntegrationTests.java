package dev.credbroker.fleet;

import java.util.List;
import java.util.Map;

import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Eventually;
import dev.credbroker.support.FleetBrokers;
import dev.credbroker.support.Http;
import dev.credbroker.support.RedisServer;
import dev.credbroker.support.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stopped under two brokers in fleet mode: both keep answering alone, ready, each within its
 * share of the budget, and return to the fleet when Redis is back.
 */
class FleetOutageIntegrationTests {

	/** The fleet's ARM budget per subscription, hardly refilled, no waiting: 4 each when alone. */
	private static final int BUDGET = 8;

	private static final String WORKSPACES = "/api/v1/subscriptions/" + AzureStandIn.SUBSCRIPTION
			+ "/resourceGroups/rg-out/workspaces/";

	private static RedisServer redis;

	private static FleetBrokers brokers;

	@BeforeAll
	static void start() {
		redis = RedisServer.start();
		brokers = FleetBrokers.start(2, redis,
				Map.of("broker.arm.budget.rate-per-second", "0.001", "broker.arm.budget.burst", Integer.toString(BUDGET),
						"broker.arm.budget.max-wait", "0s", "broker.fleet.expected-replicas", "2",
						"spring.data.redis.timeout", "500ms"));
	}

	/** Redis back and both brokers in the fleet again, whatever a test left. */
	@AfterEach
	void redisBack() {
		if (!redis.running()) {
			redis.startAgain();
		}
		for (int i = 0; i < brokers.size(); i++) {
			int broker = i;
			Eventually.until("broker " + i + " back in the fleet", () -> brokers.degraded(broker) == 0);
		}
	}

	@AfterAll
	static void stop() {
		FleetBrokers.closeAll(brokers, redis);
	}

	@Test
	void bothBrokersServeAloneWhileRedisIsDownAndReturnToTheFleetWhenItIsBack() {
		AzureStandIn.reset();
		AzureStandIn.stubWorkspaceKeys("rg-out", "ws-warm", fixture("workspace-list-keys-all-fields.json"));
		String reader = TestIssuer.token(TestIssuer.TRUSTED, "svc-readers", Map.of("roles", List.of("readers")));
		for (int i = 0; i < 2; i++) {
			assertThat(brokers.http(i).get(WORKSPACES + "ws-warm/keys", reader).status()).isEqualTo(200);
			assertThat(brokers.degraded(i)).isZero();
		}
		assertThat(AzureStandIn.armCalls()).isEqualTo(1);

		redis.stop();

		AzureStandIn.stubWorkspaceKeys("rg-out", "ws-down", fixture("workspace-list-keys-all-fields.json"));
		for (int i = 0; i < 2; i++) {
			Http http = brokers.http(i);
			assertThat(http.get(WORKSPACES + "ws-warm/keys", reader).status()).as("cached").isEqualTo(200);
			assertThat(http.get(WORKSPACES + "ws-down/keys", reader).status()).as("cold").isEqualTo(200);
			assertThat(http.get(WORKSPACES + "ws-down/keys", reader).status()).as("cached alone").isEqualTo(200);
			int broker = i;
			Eventually.until("broker " + i + " degraded", () -> brokers.degraded(broker) == 1);
			assertThat(brokers.management(i).get("/actuator/health/readiness").status()).as("ready").isEqualTo(200);
		}
		assertThat(AzureStandIn.armCalls()).as("each broker asked for the cold one alone").isEqualTo(3);
		// Alone, a broker keeps to its share of a team's quota: 3 a minute over 2 expected replicas, 1.
		String tight = TestIssuer.token(TestIssuer.TRUSTED, "svc-tight", Map.of("roles", List.of("tight")));
		assertThat(brokers.http(0).get(WORKSPACES + "ws-warm/keys", tight).status()).isEqualTo(200);
		assertThat(brokers.http(0).get(WORKSPACES + "ws-warm/keys", tight).status()).isEqualTo(429);

		redis.startAgain();

		for (int i = 0; i < 2; i++) {
			int broker = i;
			Eventually.until("broker " + i + " back in the fleet", () -> brokers.degraded(broker) == 0);
		}
		AzureStandIn.stubWorkspaceKeys("rg-out", "ws-back", fixture("workspace-list-keys-all-fields.json"));
		assertThat(brokers.http(0).get(WORKSPACES + "ws-back/keys", reader).status()).isEqualTo(200);
		assertThat(brokers.http(1).get(WORKSPACES + "ws-back/keys", reader).status()).isEqualTo(200);
		assertThat(AzureStandIn.armCalls()).as("shared again: one call for both").isEqualTo(4);
	}

	@Test
	void aloneEachBrokerKeepsToItsShareOfTheArmBudget() {
		AzureStandIn.reset();
		Workspaces workspaces = Workspaces.fresh();
		String reader = Workspaces.token("readers");

		redis.stop();

		int[] served = new int[2];
		for (int i = 0; i < 2; i++) {
			// Twice a share of cold workspaces each: the first half served, the rest held back.
			for (int n = 0; n < BUDGET; n++) {
				String workspace = "ws-alone-" + i + "-" + n;
				workspaces.stub(workspace, fixture("workspace-list-keys-all-fields.json"));
				Http.Response response = brokers.http(i).get(workspaces.keys(workspace), reader);
				if (response.status() == 200) {
					served[i]++;
				}
				else {
					assertThat(response.status()).as(response.body()).isEqualTo(503);
					assertThat(response.json().get("heldBack").asString()).isEqualTo("budget-spent");
				}
			}
			assertThat(brokers.degraded(i)).isOne();
		}

		assertThat(served).as("budget / expected-replicas each").containsExactly(BUDGET / 2, BUDGET / 2);
		assertThat(AzureStandIn.armCalls()).as("the fleet's budget in all").isEqualTo(BUDGET);
	}

}
