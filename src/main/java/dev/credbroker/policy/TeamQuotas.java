package dev.credbroker.policy;

import java.time.Duration;
import java.util.Optional;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

import org.springframework.stereotype.Component;

/**
 * Each team's {@code quota.requestsPerMinute}, one Resilience4j rate limiter per team. A request is
 * charged to the team whose grant covers the resource, before its fields are decided and before
 * Azure or the cache is asked: a request over quota costs no decision and no ARM call. A request
 * that no grant covers is charged to no team; one refused for its fields has been charged.
 */
@Component
public class TeamQuotas {

	private final RateLimiterRegistry registry;

	TeamQuotas(RateLimiterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Charges one request.
	 * @param policy the policy the request is decided on
	 * @param access the caller's access to the resource
	 * @return the team charged, if a grant of one of the caller's teams covers the resource
	 * @throws QuotaExceededException if that team is over its quota
	 */
	public Optional<String> charge(Policy policy, Access access) {
		Optional<String> charged = access.chargedTeam();
		charged.flatMap((name) -> policy.teams().stream().filter((team) -> team.name().equals(name)).findFirst())
			.filter((team) -> team.requestsPerMinute() != null)
			.ifPresent(this::acquire);
		return charged;
	}

	private void acquire(Team team) {
		int perMinute = team.requestsPerMinute();
		// Named with the quota, so that a reloaded policy with another quota gets a new limiter.
		RateLimiter limiter = this.registry.rateLimiter("team-" + team.name() + "-" + perMinute,
				RateLimiterConfig.custom()
					.limitForPeriod(perMinute)
					.limitRefreshPeriod(Duration.ofMinutes(1))
					.timeoutDuration(Duration.ZERO)
					.build());
		if (!limiter.acquirePermission()) {
			long nanos = (limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics metrics)
					? metrics.getNanosToWait() : Duration.ofMinutes(1).toNanos();
			long seconds = Duration.ofNanos(nanos).toSeconds() + 1;
			throw new QuotaExceededException(team.name(), Duration.ofSeconds(Math.max(1, seconds)));
		}
	}

}
