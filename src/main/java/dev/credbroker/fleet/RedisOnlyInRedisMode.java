package dev.credbroker.fleet;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's Redis auto-configurations out unless {@code broker.fleet.mode} is
 * {@code redis}, as {@link OnRedisMode} tells it for the redis-mode configuration too: a broker in
 * local mode has no Lettuce client, no Redis template, no Redis health contributor and no Lettuce
 * observation, and does not spend its start making them. Registered in
 * {@code META-INF/spring.factories}, as Boot's own class and bean conditions are, so that the
 * auto-configurations are dropped before their classes are even read.
 */
class RedisOnlyInRedisMode implements AutoConfigurationImportFilter, EnvironmentAware {

	/** The package of every auto-configuration of {@code spring-boot-data-redis}. */
	static final String REDIS_AUTO_CONFIGURATIONS = "org.springframework.boot.data.redis.autoconfigure.";

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		Arrays.fill(matches, true);
		if (isRedisMode()) {
			return matches;
		}
		for (int i = 0; i < matches.length; i++) {
			String candidate = autoConfigurationClasses[i];
			matches[i] = candidate == null || !candidate.startsWith(REDIS_AUTO_CONFIGURATIONS);
		}
		return matches;
	}

	/** Without an environment, which Boot always gives, nothing is left out. */
	private boolean isRedisMode() {
		return this.environment == null || OnRedisMode.in(this.environment);
	}

}
