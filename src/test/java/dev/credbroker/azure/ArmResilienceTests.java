package dev.credbroker.azure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import dev.credbroker.fleet.Buckets;
import dev.credbroker.fleet.RateLimits;
import dev.credbroker.support.MovableClock;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What an open circuit tells the callers it refuses, on the circuit breaker's own clock, moved by
 * hand.
 */
class ArmResilienceTests {

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));

	private final CircuitBreaker circuitBreaker = CircuitBreaker.of("arm",
			CircuitBreakerConfig.custom().clock(this.clock).waitDurationInOpenState(Duration.ofSeconds(30)).build());

	private final ArmResilience resilience = new ArmResilience(TimeLimiter.ofDefaults(), Retry.ofDefaults("arm"),
			this.circuitBreaker, Bulkhead.ofDefaults("arm"), new ArmProperties.Budget(8, 150, Duration.ofMillis(500)),
			RateLimits.local(this.clock).buckets("test", Duration.ofMillis(500)));

	private int calls;

	@Nested
	class OpenCircuit {

		@Test
		void retryAfterIsTheTimeLeftUntilTheCircuitHalfOpens() {
			circuitBreaker.transitionToOpenState();

			assertThat(refusal().retryAfter()).isEqualTo(Duration.ofSeconds(30));
			clock.advance(Duration.ofSeconds(20));
			assertThat(refusal().retryAfter()).isEqualTo(Duration.ofSeconds(10));
			clock.advance(Duration.ofMillis(9_500));
			assertThat(refusal().retryAfter()).isEqualTo(Duration.ofSeconds(1));
			assertThat(calls).isZero();
		}

		@Test
		void afterTheWaitTheNextCallGoesThrough() {
			circuitBreaker.transitionToOpenState();
			clock.advance(Duration.ofSeconds(31));

			assertThat(resilience.guard("s", this::call).block()).isEqualTo("keys");
			assertThat(calls).isOne();
		}

		@Test
		void aCircuitOpenedAgainCountsFromItsNewOpening() {
			circuitBreaker.transitionToOpenState();
			clock.advance(Duration.ofSeconds(25));
			circuitBreaker.transitionToHalfOpenState();
			circuitBreaker.transitionToOpenState();

			assertThat(refusal().retryAfter()).isEqualTo(Duration.ofSeconds(30));
		}

		@Test
		void aForcedOpenCircuitSaysTheConfiguredWait() {
			circuitBreaker.transitionToForcedOpenState();
			clock.advance(Duration.ofSeconds(20));

			assertThat(refusal().retryAfter()).isEqualTo(Duration.ofSeconds(30));
			assertThat(refusal().heldBack()).extracting(ArmException.HeldBack::value).isEqualTo("circuit-open");
		}

		private Mono<String> call() {
			calls++;
			return Mono.just("keys");
		}

	}

	@Nested
	class Budgets {

		@Test
		void aSubscriptionLeftAloneUntilItsBudgetIsFullAgainIsForgotten() {
			for (int i = 0; i < 100; i++) {
				assertThat(resilience.guard("made-up-" + i, this::call).block()).isEqualTo("keys");
			}
			assertThat(resilience.budgetsHeld()).isEqualTo(100);

			// 150 permits at 8 a second are whole again after 18.75 s, plus the longest wait of 0.5 s.
			clock.advance(Duration.ofSeconds(19));
			assertThat(resilience.budgetsHeld()).isEqualTo(100);
			clock.advance(Duration.ofSeconds(2));
			assertThat(resilience.budgetsHeld()).isZero();
		}

		@Test
		void aForgottenBudgetWasFullSoForgettingItGivesNothingAway() {
			ArmResilience noWait = new ArmResilience(TimeLimiter.ofDefaults(),
					Retry.of("arm", RetryConfig.custom().maxAttempts(1).build()),
					circuitBreaker, Bulkhead.ofDefaults("arm"), new ArmProperties.Budget(8, 150, Duration.ZERO),
					RateLimits.local(clock).buckets("test", Duration.ZERO));
			for (int i = 0; i < 150; i++) {
				noWait.guard("s", this::call).block();
			}
			assertThat(refusal(noWait).heldBack()).extracting(ArmException.HeldBack::value).isEqualTo("budget-spent");
			clock.advance(Duration.ofSeconds(18));
			assertThat(noWait.budgetsHeld()).isOne();

			clock.advance(Duration.ofSeconds(3));

			assertThat(noWait.budgetsHeld()).isZero();
			for (int i = 0; i < 150; i++) {
				noWait.guard("s", this::call).block();
			}
			assertThat(refusal(noWait).heldBack()).extracting(ArmException.HeldBack::value).isEqualTo("budget-spent");
			assertThat(calls).isEqualTo(300);
		}

		@Test
		void manyMadeUpSubscriptionsAreBounded() {
			for (int i = 0; i < Buckets.MAX_BUCKETS + 500; i++) {
				resilience.guard("made-up-" + i, this::call).block();
			}

			assertThat(resilience.budgetsHeld()).isLessThanOrEqualTo(Buckets.MAX_BUCKETS);
		}

		private Mono<String> call() {
			calls++;
			return Mono.just("keys");
		}

	}

	/** Azure's {@code Retry-After}: a call made sooner is not served (azure-reference.md). */
	@Nested
	class Throttling {

		private final ArmResilience resilience = new ArmResilience(
				TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(Duration.ofSeconds(60)).build()),
				Retry.of("arm", RetryConfig.custom().maxAttempts(3).retryOnException(new ArmRetryPredicate()).build()),
				circuitBreaker, Bulkhead.ofDefaults("arm"), new ArmProperties.Budget(8, 150, Duration.ofMillis(500)),
				RateLimits.local(clock).buckets("test", Duration.ofMillis(500)));

		@Test
		void aRetryAfterLongerThanTheBrokerWaitsFailsTheCallAtOnce() {
			Duration retryAfter = ArmResilience.MAX_RETRY_AFTER.plusSeconds(1);

			ArmException failure = catchThrowableOfType(ArmException.class, () -> this.resilience.guard("s", () -> {
				calls++;
				return Mono.error(new ArmException(ArmException.Reason.UPSTREAM_UNAVAILABLE, 429, null, null, retryAfter));
			}).block());

			assertThat(failure.retryAfter()).isEqualTo(retryAfter);
			assertThat(calls).as("not retried before Azure would serve it").isOne();
		}

	}

	/**
	 * A call beyond the bulkhead's permits is held back at once: the broker's bulkhead never waits,
	 * since resilience4j's wait blocks the thread that starts the call (in fleet mode, Redis's I/O
	 * thread).
	 */
	@Nested
	class FullBulkhead {

		private final Bulkhead bulkhead = Bulkhead.of("arm",
				BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());

		private final ArmResilience resilience = new ArmResilience(TimeLimiter.ofDefaults(),
				Retry.of("arm", RetryConfig.custom().retryOnException(new ArmRetryPredicate()).build()),
				circuitBreaker, this.bulkhead, new ArmProperties.Budget(8, 150, Duration.ofMillis(500)),
				RateLimits.local(clock).buckets("test", Duration.ofMillis(500)));

		@Test
		void aCallBeyondThePermitsIsHeldBackAtOnce() {
			assertThat(this.bulkhead.tryAcquirePermission()).isTrue();

			CompletableFuture<String> refused = this.resilience.guard("s", () -> Mono.just("keys")).toFuture();

			assertThat(refused).isCompletedExceptionally();
			assertThat(catchThrowableOfType(ArmException.class, () -> this.resilience.guard("s", () -> Mono.just("keys"))
				.block()).heldBack()).isEqualTo(ArmException.HeldBack.BULKHEAD_FULL);
			this.bulkhead.onComplete();
			assertThat(this.resilience.guard("s", () -> Mono.just("keys")).block()).isEqualTo("keys");
		}

	}

	private ArmException refusal() {
		return refusal(this.resilience);
	}

	private ArmException refusal(ArmResilience resilience) {
		return catchThrowableOfType(ArmException.class,
				() -> resilience.guard("s", () -> Mono.fromSupplier(() -> "keys" + (++this.calls))).block());
	}

}
