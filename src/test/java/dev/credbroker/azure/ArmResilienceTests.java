package dev.credbroker.azure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
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
			this.circuitBreaker, Bulkhead.ofDefaults("arm"), new ArmProperties.Budget(8, 150, Duration.ofMillis(500)));

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
			assertThat(refusal().local()).isEqualTo("circuit-open");
		}

		private Mono<String> call() {
			calls++;
			return Mono.just("keys");
		}

	}

	private ArmException refusal() {
		return catchThrowableOfType(ArmException.class,
				() -> this.resilience.guard("s", () -> Mono.fromSupplier(() -> "keys" + (++this.calls))).block());
	}

	/** A clock that stands still until moved. */
	private static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
