package dev.credbroker.fleet;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redis-mode configuration and the Redis auto-configuration filter decide the mode alike, on
 * every spelling the properties' binding accepts: a broker never has the fleet's beans without
 * Boot's Redis client, or the client without the fleet.
 */
class OnRedisModeTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(nullValues = "unset", value = { "unset, false", "local, false", "LOCAL, false", "redis, true", "REDIS, true",
			"Redis, true", "re-dis, true", "cluster, true" })
	void theConditionAndTheFilterAgree(@Nullable String mode, boolean redis) {
		MockEnvironment environment = new MockEnvironment();
		if (mode != null) {
			environment.setProperty(FleetProperties.MODE, mode);
		}
		assertThat(OnRedisMode.in(environment)).isEqualTo(redis);
		// Registered, not refreshed: the condition decides at registration, and the configuration's
		// beans would need a Redis client.
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.setEnvironment(environment);
			context.register(FleetConfiguration.RedisFleetConfiguration.class);
			assertThat(context.getBeanFactory().getBeanDefinitionNames())
				.filteredOn((name) -> name.endsWith("RedisFleetConfiguration"))
				.hasSize(redis ? 1 : 0);
		}
		RedisOnlyInRedisMode filter = new RedisOnlyInRedisMode();
		filter.setEnvironment(environment);
		assertThat(filter.match(new String[] { RedisOnlyInRedisMode.REDIS_AUTO_CONFIGURATIONS + "DataRedisAutoConfiguration" },
				RedisOnlyInRedisModeTests.metadata()))
			.containsExactly(redis);
	}

}
