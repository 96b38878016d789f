package dev.credbroker.azure;

import java.time.Duration;

import dev.credbroker.support.BrokerTestProperties;
import dev.credbroker.support.TestPolicies;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped {@code resilience4j.*} defaults of the {@code arm} instances, as bound: a misspelt
 * property is ignored silently by the binder, so each value is checked where it takes effect.
 */
@SpringBootTest
class ArmResilienceDefaultsTests {

	@Autowired
	private CircuitBreakerRegistry circuitBreakers;

	@Autowired
	private RetryRegistry retries;

	@Autowired
	private BulkheadRegistry bulkheads;

	@Autowired
	private TimeLimiterRegistry timeLimiters;

	@Autowired
	private ArmProperties arm;

	@DynamicPropertySource
	static void brokerProperties(DynamicPropertyRegistry registry) {
		BrokerTestProperties.register(registry, () -> TestPolicies.location("test-policies.yaml"));
	}

	@Test
	void circuitBreaker() {
		CircuitBreakerConfig config = this.circuitBreakers.circuitBreaker("arm").getCircuitBreakerConfig();

		assertThat(config.getSlidingWindowSize()).isEqualTo(20);
		assertThat(config.getMinimumNumberOfCalls()).isEqualTo(10);
		assertThat(config.getFailureRateThreshold()).isEqualTo(50);
		assertThat(config.getSlowCallRateThreshold()).isEqualTo(50);
		assertThat(config.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(30_000L);
		assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
		assertThat(config.getRecordExceptionPredicate().test(failure(ArmException.Reason.NOT_FOUND, 404))).isFalse();
		assertThat(config.getRecordExceptionPredicate().test(failure(ArmException.Reason.UPSTREAM_AUTHORIZATION, 403)))
			.isFalse();
		assertThat(config.getRecordExceptionPredicate().test(failure(ArmException.Reason.UPSTREAM_UNAVAILABLE, 500)))
			.isTrue();
		assertThat(config.getRecordExceptionPredicate()
			.test(ArmException.withoutResponse(ArmException.Reason.TIMEOUT))).isTrue();
		assertThat(config.getRecordExceptionPredicate().test(failure(ArmException.Reason.UNUSABLE_ANSWER, 400)))
			.isFalse();
		assertThat(config.getRecordExceptionPredicate().test(failure(ArmException.Reason.BAD_RESPONSE, 200))).isTrue();
		assertThat(config.getIgnoreExceptionPredicate()
			.test(ArmException.heldBack(ArmException.HeldBack.BUDGET_SPENT, Duration.ofSeconds(1)))).isTrue();
	}

	@Test
	void retry() {
		RetryConfig config = this.retries.retry("arm").getRetryConfig();

		assertThat(config.getMaxAttempts()).isEqualTo(3);
		assertThat(config.getIntervalBiFunction().apply(1, null)).isBetween(100L, 300L);
		for (int status : new int[] { 408, 429, 500, 502, 503, 504 }) {
			assertThat(config.getExceptionPredicate().test(failure(ArmException.Reason.UPSTREAM_UNAVAILABLE, status)))
				.as("status %d", status)
				.isTrue();
		}
		for (int status : new int[] { 400, 401, 403, 404, 501 }) {
			assertThat(config.getExceptionPredicate().test(failure(ArmException.Reason.BAD_RESPONSE, status)))
				.as("status %d", status)
				.isFalse();
		}
		assertThat(config.getExceptionPredicate().test(ArmException.connectionFailed())).isTrue();
		assertThat(config.getExceptionPredicate()
			.test(ArmException.heldBack(ArmException.HeldBack.CIRCUIT_OPEN, Duration.ofSeconds(30)))).isFalse();
	}

	@Test
	void bulkheadTimeLimitAndBudget() {
		BulkheadConfig bulkhead = this.bulkheads.bulkhead("arm").getBulkheadConfig();

		assertThat(bulkhead.getMaxConcurrentCalls()).isEqualTo(16);
		assertThat(bulkhead.getMaxWaitDuration()).as("a wait would block the thread that starts the call")
			.isZero();
		assertThat(this.timeLimiters.timeLimiter("arm").getTimeLimiterConfig().getTimeoutDuration())
			.isEqualTo(Duration.ofSeconds(20));
		assertThat(this.arm.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.arm.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.arm.budget().ratePerSecond()).isEqualTo(8);
		assertThat(this.arm.budget().burst()).isEqualTo(150);
	}

	private static ArmException failure(ArmException.Reason reason, int status) {
		return new ArmException(reason, status, null, null, null);
	}

}
