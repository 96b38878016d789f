package dev.credbroker.deploy;

import java.nio.file.Files;
import java.util.function.UnaryOperator;

import com.marcnuri.helm.TemplateCommand;
import dev.credbroker.azure.ArmProperties;
import dev.credbroker.deploy.ChartRendering.Manifests;
import dev.credbroker.fleet.FleetProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.credbroker.deploy.ChartRendering.defaults;
import static dev.credbroker.deploy.ChartRendering.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code fleet.*}: the pods on one Redis, with the fleet's budget undivided, the sealing key and
 * the password mounted as files, and the egress to Redis.
 */
class ChartFleetTests {

	private static final UnaryOperator<TemplateCommand> REDIS = (helm) -> helm.set("fleet.mode", "redis")
		.set("fleet.redis.host", "mycache.redis.cache.windows.net")
		.set("fleet.redis.existingSecret", "cache-access-key")
		.set("fleet.redis.cidrs[0]", "10.1.2.0/27")
		.set("fleet.encryptionKey.existingSecret", "broker-fleet-key");

	@Test
	void localByDefaultWithNothingOfRedis() {
		Manifests manifests = defaults();
		assertThat(manifests.binder().bind("broker.fleet", FleetProperties.class).get().mode())
			.isEqualTo(FleetProperties.Mode.LOCAL);
		assertThat(manifests.applicationConfig().at("/spring/data").isMissingNode()).isTrue();
		assertThat(manifests.podSpec().path("volumes").toString()).doesNotContain("fleet-key", "redis-password");
		assertThat(manifests.one("NetworkPolicy").at("/spec/egress").toString()).doesNotContain("6380");
	}

	@Test
	void redisModeGivesEachPodTheWholeFleetBudgetAndTheReplicasToFallBackTo() {
		Manifests manifests = render(REDIS);
		FleetProperties fleet = manifests.binder().bind("broker.fleet", FleetProperties.class).get();
		ArmProperties.Budget budget = manifests.binder().bind("broker.arm", ArmProperties.class).get().budget();

		assertThat(fleet.mode()).isEqualTo(FleetProperties.Mode.REDIS);
		assertThat(budget.ratePerSecond()).as("not divided: one budget in Redis").isEqualTo(8);
		assertThat(budget.burst()).isEqualTo(150);
		assertThat(fleet.expectedReplicas()).as("autoscaling.maxReplicas, the divisor while Redis is down")
			.isEqualTo(4);
		assertThat(fleet.localTtl()).hasSeconds(30);
		assertThat(fleet.encryptionKey()).hasToString("/etc/credential-broker/fleet/current");
		assertThat(fleet.previousEncryptionKey()).hasToString("/etc/credential-broker/fleet/previous");
		assertThat(fleet.entraId().enabled()).isFalse();
		JsonNode redis = manifests.applicationConfig().at("/spring/data/redis");
		assertThat(redis.path("host").asString()).isEqualTo("mycache.redis.cache.windows.net");
		assertThat(redis.path("port").asInt()).isEqualTo(6380);
		assertThat(redis.at("/ssl/enabled").asBoolean()).isTrue();
		assertThat(manifests.applicationYaml()).doesNotContain("password");
	}

	@Test
	void theSealingKeyAndThePasswordAreFilesNeverEnvironmentVariables() {
		Manifests manifests = render(REDIS);

		assertThat(manifests.volume("fleet-key").at("/secret/secretName").asString()).isEqualTo("broker-fleet-key");
		assertThat(manifests.volume("fleet-key").at("/secret/items").isMissingNode())
			.as("the whole Secret, so that `previous` may be missing")
			.isTrue();
		assertThat(manifests.mount("fleet-key").path("mountPath").asString()).isEqualTo("/etc/credential-broker/fleet");
		JsonNode password = manifests.volume("redis-password");
		assertThat(password.at("/secret/secretName").asString()).isEqualTo("cache-access-key");
		assertThat(password.at("/secret/items/0/key").asString()).isEqualTo("password");
		assertThat(password.at("/secret/items/0/path").asString()).isEqualTo("spring.data.redis.password");
		assertThat(manifests.mount("redis-password").path("mountPath").asString())
			.isEqualTo("/etc/credential-broker/redis");
		assertThat(manifests.applicationConfig().at("/spring/config/import").asString())
			.isEqualTo("configtree:/etc/credential-broker/keys/,configtree:/etc/credential-broker/redis/");
		assertThat(manifests.container().path("env").toString()).doesNotContainIgnoringCase("redis");
	}

	@Test
	void entraIdNeedsNoPassword() {
		Manifests manifests = render((helm) -> REDIS.apply(helm)
			.set("fleet.redis.existingSecret", "")
			.set("fleet.redis.entraId.enabled", true)
			.set("fleet.redis.entraId.objectId", "6f0c5a4e-1b2c-4d3e-8f90-a1b2c3d4e5f6"));
		FleetProperties fleet = manifests.binder().bind("broker.fleet", FleetProperties.class).get();

		assertThat(fleet.entraId().enabled()).isTrue();
		assertThat(fleet.entraId().username()).isEqualTo("6f0c5a4e-1b2c-4d3e-8f90-a1b2c3d4e5f6");
		assertThat(manifests.podSpec().path("volumes").toString()).doesNotContain("redis-password");
		assertThat(manifests.applicationConfig().at("/spring/config/import").asString())
			.isEqualTo("configtree:/etc/credential-broker/keys/");
	}

	@Test
	void theNetworkPolicyOpensRedisPortToItsAddressesOnly() {
		JsonNode egress = render(REDIS).one("NetworkPolicy").at("/spec/egress");

		JsonNode rule = egress.valueStream()
			.filter((candidate) -> candidate.at("/ports/0/port").asInt() == 6380)
			.findFirst()
			.orElseThrow();
		assertThat(rule.at("/to/0/ipBlock/cidr").asString()).isEqualTo("10.1.2.0/27");
		assertThat(rule.path("to").size()).isOne();
	}

	@Test
	void refusesRedisModeWithoutHostKeyOrAuthentication() {
		assertThatException().isThrownBy(() -> render((helm) -> REDIS.apply(helm).set("fleet.redis.host", "")))
			.withMessageContaining("fleet.redis.host");
		assertThatException()
			.isThrownBy(() -> render((helm) -> REDIS.apply(helm).set("fleet.encryptionKey.existingSecret", "")))
			.withMessageContaining("fleet.encryptionKey.existingSecret");
		assertThatException().isThrownBy(() -> render((helm) -> REDIS.apply(helm).set("fleet.redis.existingSecret", "")))
			.withMessageContaining("Redis without authentication is refused");
		assertThatException().isThrownBy(() -> render((helm) -> helm.set("fleet.mode", "cluster")))
			.withMessageContaining("fleet.mode");
	}

	@Test
	void valuesYamlDocumentsTheChoice() {
		String values = ChartRendering.read(ChartRendering.CHART.resolve("values.yaml"));
		assertThat(values).contains("fleet:", "mode: local", "openssl rand -base64 32", "NOT divided");
		String notes = ChartRendering.read(ChartRendering.CHART.resolve("templates/NOTES.txt"));
		assertThat(notes).contains("Fleet mode: redis", "broker.fleet.degraded");
		assertThat(Files.exists(ChartRendering.BASEDIR.resolve("docs/fleet.md"))).isTrue();
	}

}
