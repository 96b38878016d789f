package dev.credbroker.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.credbroker.fleet.RateLimits;
import dev.credbroker.support.MovableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TeamQuotasTests {

	private static final String RESOURCE = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";

	private final MovableClock clock = new MovableClock();

	private final TeamQuotas quotas = new TeamQuotas(RateLimits.local(this.clock));

	@Test
	void aTeamGetsItsRequestsPerMinuteAtOnceThenOneMoreEachShareOfTheMinute() {
		Policy policy = policy(2);
		Access access = policy.access(caller("limited"), RESOURCE);

		assertThat(this.quotas.charge(policy, access)).contains("limited");
		assertThat(this.quotas.charge(policy, access)).contains("limited");

		assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> this.quotas.charge(policy, access))
			.satisfies((ex) -> {
				assertThat(ex.team()).isEqualTo("limited");
				assertThat(ex.getMessage()).isEqualTo("Team limited is over its quota");
				// A token bucket: two a minute is one every 30 s, not a new window a minute on.
				assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(30));
			});

		this.clock.advance(Duration.ofSeconds(29));
		assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> this.quotas.charge(policy, access))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.quotas.charge(policy, access)).contains("limited");
		assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> this.quotas.charge(policy, access));

		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.quotas.charge(policy, access)).as("full again, never more than the quota").contains("limited");
		assertThat(this.quotas.charge(policy, access)).contains("limited");
		assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> this.quotas.charge(policy, access));
	}

	@Test
	void aTeamWithoutAQuotaIsChargedButNeverRefused() {
		Policy policy = policy(1);
		Access access = policy.access(caller("unlimited"), RESOURCE);

		for (int i = 0; i < 100; i++) {
			assertThat(this.quotas.charge(policy, access)).contains("unlimited");
		}
	}

	@Test
	void aRequestNoGrantCoversIsChargedToNoTeam() {
		Policy policy = policy(1);
		Access access = policy.access(caller("limited"), "/subscriptions/s/resourceGroups/elsewhere");

		for (int i = 0; i < 3; i++) {
			assertThat(this.quotas.charge(policy, access)).isEmpty();
		}
	}

	@Test
	void theTeamWhoseGrantCoversIsChargedNotTheCallersOtherTeams() {
		Policy policy = policy(1);
		Access access = policy.access(Policies.fromTrustedIssuer(Map.of("roles", List.of("unlimited", "limited"))),
				RESOURCE);

		assertThat(this.quotas.charge(policy, access)).contains("limited");
		assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> this.quotas.charge(policy, access));
	}

	@Test
	void aReloadedPolicyWithAnotherQuotaStartsAfresh() {
		Policy before = policy(1);
		this.quotas.charge(before, before.access(caller("limited"), RESOURCE));
		assertThatExceptionOfType(QuotaExceededException.class)
			.isThrownBy(() -> this.quotas.charge(before, before.access(caller("limited"), RESOURCE)));

		Policy after = policy(2);
		Access access = after.access(caller("limited"), RESOURCE);

		assertThat(this.quotas.charge(after, access)).contains("limited");
		assertThat(this.quotas.charge(after, access)).contains("limited");
		assertThatExceptionOfType(QuotaExceededException.class).isThrownBy(() -> this.quotas.charge(after, access));
	}

	private static Map<String, Object> caller(String role) {
		return Policies.fromTrustedIssuer(Map.of("roles", List.of(role)));
	}

	/** Team "limited" with a quota, listed before "unlimited", whose grant covers the same resources. */
	private static Policy policy(int requestsPerMinute) {
		return Policies.load("p", ("""
				teams:
				  - name: limited
				    members: [{claim: roles, anyOf: [limited]}]
				    grants: [{resources: ["/subscriptions/*/resourceGroups/rg/**"], read: ["**"]}]
				    quota: {requestsPerMinute: %d}
				  - name: unlimited
				    members: [{claim: roles, anyOf: [unlimited]}]
				    grants: [{resources: ["/subscriptions/**"], read: ["**"]}]
				""".formatted(requestsPerMinute)).getBytes());
	}

}
