package dev.credbroker.fleet;

import dev.credbroker.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared broker runs in local mode: it makes nothing of Redis, not even the client that
 * Spring Boot would configure from its jars.
 */
class LocalModeIntegrationTests extends IntegrationTest {

	@Test
	void localModeMakesNoRedisClient(@Autowired ApplicationContext context) {
		assertThat(context.getBean(FleetProperties.class).mode()).isEqualTo(FleetProperties.Mode.LOCAL);
		assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
		assertThat(context.getBeanNamesForType(Fleet.class)).isEmpty();
		assertThat(context.getBeanDefinitionNames()).noneMatch((name) -> name.startsWith(RedisOnlyInRedisMode.REDIS_AUTO_CONFIGURATIONS));
	}

}
