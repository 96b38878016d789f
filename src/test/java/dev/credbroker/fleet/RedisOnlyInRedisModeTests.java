package dev.credbroker.fleet;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RedisOnlyInRedisModeTests {

	private static final String REDIS = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration";

	private static final String REDIS_HEALTH = "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration";

	private static final String JACKSON = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration";

	private static final @Nullable String[] CANDIDATES = { REDIS, JACKSON, null, REDIS_HEALTH };

	@Test
	void localModeLeavesRedisOut() {
		assertThat(match(new MockEnvironment().withProperty("broker.fleet.mode", "local")))
			.containsExactly(false, true, true, false);
	}

	@Test
	void noModeIsLocalMode() {
		assertThat(match(new MockEnvironment())).containsExactly(false, true, true, false);
	}

	@Test
	void redisModeKeepsRedisHoweverItIsSpelt() {
		assertThat(match(new MockEnvironment().withProperty("broker.fleet.mode", "redis"))).containsOnly(true);
		assertThat(match(new MockEnvironment().withProperty("broker.fleet.mode", "REDIS"))).containsOnly(true);
	}

	@Test
	void aModeThatDoesNotBindKeepsRedisForTheFleetPropertiesToReport() {
		assertThat(match(new MockEnvironment().withProperty("broker.fleet.mode", "cluster"))).containsOnly(true);
	}

	@Test
	void withoutAnEnvironmentNothingIsLeftOut() {
		assertThat(new RedisOnlyInRedisMode().match(CANDIDATES, metadata())).containsOnly(true);
	}

	@Test
	void springBootFindsIt() {
		assertThat(SpringFactoriesLoader.loadFactories(AutoConfigurationImportFilter.class, getClass().getClassLoader()))
			.hasAtLeastOneElementOfType(RedisOnlyInRedisMode.class);
	}

	private static boolean[] match(MockEnvironment environment) {
		RedisOnlyInRedisMode filter = new RedisOnlyInRedisMode();
		filter.setEnvironment(environment);
		return filter.match(CANDIDATES, metadata());
	}

	static AutoConfigurationMetadata metadata() {
		return new AutoConfigurationMetadata() {

			@Override
			public boolean wasProcessed(String className) {
				return false;
			}

			@Override
			public @Nullable Integer getInteger(String className, String key) {
				return null;
			}

			@Override
			public @Nullable Integer getInteger(String className, String key, Integer defaultValue) {
				return defaultValue;
			}

			@Override
			public @Nullable Set<String> getSet(String className, String key) {
				return null;
			}

			@Override
			public Set<String> getSet(String className, String key, Set<String> defaultValue) {
				return defaultValue;
			}

			@Override
			public @Nullable String get(String className, String key) {
				return null;
			}

			@Override
			public String get(String className, String key, String defaultValue) {
				return defaultValue;
			}

		};
	}

}
