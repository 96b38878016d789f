package dev.credbroker.fleet;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker's rate limits.
 */
@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

	@Bean(destroyMethod = "close")
	RateLimits rateLimits(Clock clock) {
		return new RateLimits(clock);
	}

}
