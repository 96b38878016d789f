package dev.credbroker.fleet;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether {@code broker.fleet.mode} is {@code redis}, read before {@link FleetProperties} exists
 * and bound as it binds it (so {@code REDIS} and {@code Redis} count): the one test of the mode
 * for the redis-mode configuration and for {@link RedisOnlyInRedisMode}, which must agree. A value
 * that does not bind counts as redis, so that the configuration that needs the properties is made
 * and their binding reports the value, and the broker does not start.
 */
class OnRedisMode implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return in(context.getEnvironment());
	}

	static boolean in(Environment environment) {
		try {
			return Binder.get(environment)
				.bind(FleetProperties.MODE, FleetProperties.Mode.class)
				.map(FleetProperties.Mode.REDIS::equals)
				.orElse(false);
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

}
