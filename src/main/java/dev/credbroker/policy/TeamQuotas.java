package dev.credbroker.policy;

import java.time.Duration;
import java.util.Optional;

import dev.credbroker.fleet.Buckets;
import dev.credbroker.fleet.Limit;
import dev.credbroker.fleet.RateLimits;

import org.springframework.stereotype.Component;

/**
 * Each team's {@code quota.requestsPerMinute}, as a token bucket per team: up to that many
 * requests at once, and one more every {@code 60 / requestsPerMinute} seconds. A request is charged
 * to the team whose grant covers the resource, before its fields are decided and before Azure or
 * the cache is asked: a request over quota costs no decision and no ARM call. A request that no
 * grant covers is charged to no team; one refused for its fields has been charged.
 */
@Component
public class TeamQuotas {

	private static final Duration PER = Duration.ofMinutes(1);

	private final Buckets buckets;

	TeamQuotas(RateLimits rateLimits) {
		this.buckets = rateLimits.buckets("quota", Duration.ZERO);
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
			.ifPresent(this::take);
		return charged;
	}

	private void take(Team team) {
		// The bucket is named with its limit too, so that a reloaded policy with another quota
		// gets a new, full bucket.
		this.buckets.tryTake("team:" + team.name(), new Limit(team.requestsPerMinute(), PER)).ifPresent((wait) -> {
			throw new QuotaExceededException(team.name(), Buckets.roundedUp(wait.toNanos()));
		});
	}

}
