package dev.credbroker.azure;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.credbroker.fleet.Buckets;
import dev.credbroker.fleet.Limit;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What stands between a listKeys call and Azure, outermost first: the whole call's time limit,
 * the retry, the pacing that honours {@code Retry-After}, the circuit breaker, the broker's
 * per-subscription budget and the bulkhead. Resilience4j's instances are named {@code arm} and
 * configured through {@code resilience4j.*}.
 */
final class ArmResilience {

	private static final Log logger = LogFactory.getLog(ArmResilience.class);

	/**
	 * How long the broker waits out Azure's {@code Retry-After} before it retries: a longer one
	 * fails the call at once (with that {@code Retry-After} for the caller), since a retry made
	 * sooner is not served and only spends another write of the subscription's.
	 */
	static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

	private final TimeLimiter timeLimiter;

	private final Retry retry;

	private final CircuitBreaker circuitBreaker;

	private final Bulkhead bulkhead;

	private final ArmProperties.Budget budget;

	/** The budget's limit, the same for every subscription. */
	private final Limit limit;

	/** The budget of each subscription called lately, by subscription id in lower case. */
	private final Buckets buckets;

	/**
	 * When the open circuit lets calls through again, so that a refused caller is told the time
	 * left rather than the whole open duration; {@code null} unless the circuit opened by itself.
	 */
	private volatile @Nullable Instant halfOpensAt;

	ArmResilience(TimeLimiter timeLimiter, Retry retry, CircuitBreaker circuitBreaker, Bulkhead bulkhead,
			ArmProperties.Budget budget, Buckets buckets) {
		this.buckets = buckets;
		this.limit = Limit.perSecond(budget.ratePerSecond(), budget.burst());
		this.timeLimiter = timeLimiter;
		this.retry = retry;
		this.circuitBreaker = circuitBreaker;
		this.circuitBreaker.getEventPublisher().onStateTransition((event) -> {
			CircuitBreaker.State state = event.getStateTransition().getToState();
			this.halfOpensAt = (state == CircuitBreaker.State.OPEN) ? now().plus(openDuration()) : null;
			logger.warn("Circuit breaker '" + event.getCircuitBreakerName() + "' "
					+ event.getStateTransition().getFromState() + " -> " + state + describe(state));
		});
		this.bulkhead = bulkhead;
		this.budget = budget;
	}

	private String describe(CircuitBreaker.State state) {
		return switch (state) {
			case OPEN -> ": calls to Azure Resource Manager are refused for " + untilHalfOpen().toSeconds()
					+ " s, requests that need one answer 503 (broker.arm.held.back counts them)";
			case FORCED_OPEN -> ": calls to Azure Resource Manager are refused until the circuit is released, "
					+ "requests that need one answer 503 (broker.arm.held.back counts them)";
			case HALF_OPEN -> ": trying a few calls";
			default -> "";
		};
	}

	/** The whole call's time limit, retries included. */
	Duration deadline() {
		return this.timeLimiter.getTimeLimiterConfig().getTimeoutDuration();
	}

	CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * The open circuit's refusal of a call, decided before the time limit, the retry and the
	 * bulkhead are assembled around an attempt that cannot be made: while Azure is down every
	 * request for an uncached resource comes this way. The permission is handed back, and the
	 * circuit breaker's operator in {@link #guard} asks again for the call itself.
	 * @return the refusal, or {@code null} when the circuit lets a call through
	 */
	@Nullable ArmException refusal() {
		if (!this.circuitBreaker.tryAcquirePermission()) {
			return ArmException.heldBack(ArmException.HeldBack.CIRCUIT_OPEN, untilHalfOpen());
		}
		this.circuitBreaker.releasePermission();
		return null;
	}

	/**
	 * Guards a call.
	 * @param <T> what the call gives
	 * @param subscriptionId whose budget the call spends
	 * @param attempt one attempt, failing with {@link ArmException}
	 * @return the guarded call, failing with {@link ArmException}
	 */
	<T> Mono<T> guard(String subscriptionId, Supplier<Mono<T>> attempt) {
		return Mono.defer(() -> {
			ArmException refused = refusal();
			if (refused != null) {
				return Mono.error(refused);
			}
			long deadline = System.nanoTime() + this.timeLimiter.getTimeLimiterConfig().getTimeoutDuration().toNanos();
			Mono<T> guarded = Mono.defer(() -> spend(subscriptionId).then(Mono.defer(attempt)))
				.transformDeferred(BulkheadOperator.of(this.bulkhead))
				.onErrorMap(BulkheadFullException.class, (ex) -> ArmException.heldBack(ArmException.HeldBack.BULKHEAD_FULL, Duration.ofSeconds(1)))
				.transformDeferred(CircuitBreakerOperator.of(this.circuitBreaker))
				.onErrorMap(CallNotPermittedException.class, (ex) -> ArmException.heldBack(ArmException.HeldBack.CIRCUIT_OPEN, untilHalfOpen()))
				.onErrorResume(ArmException.class, (ex) -> pace(ex, deadline));
			return guarded.transformDeferred(RetryOperator.of(this.retry))
				.transformDeferred(TimeLimiterOperator.of(this.timeLimiter))
				.onErrorMap(TimeoutException.class, (ex) -> ArmException.withoutResponse(ArmException.Reason.TIMEOUT));
		});
	}

	/**
	 * Waits out Azure's {@code Retry-After} before the retry may try again, or gives up now: when
	 * it is longer than the broker waits, or would end past the call's deadline.
	 */
	private static <T> Mono<T> pace(ArmException failure, long deadline) {
		Duration retryAfter = failure.retryAfter();
		if (!failure.isRetryable() || retryAfter == null) {
			return Mono.error(failure);
		}
		if (retryAfter.compareTo(MAX_RETRY_AFTER) > 0 || System.nanoTime() + retryAfter.toNanos() >= deadline) {
			return Mono.error(failure.notRetryable());
		}
		return Mono.delay(retryAfter).then(Mono.error(failure));
	}

	/**
	 * Spends a permit of the subscription's budget, waiting for one up to {@code maxWait}: the
	 * reservation completes once its permit may be used, without holding a thread meanwhile.
	 */
	private Mono<Void> spend(String subscriptionId) {
		return Mono
			.fromFuture(() -> this.buckets.reserve(subscriptionId.toLowerCase(Locale.ROOT), this.limit,
					this.budget.maxWait()))
			.flatMap((reservation) -> reservation.granted() ? Mono.empty()
					: Mono.error(ArmException.heldBack(ArmException.HeldBack.BUDGET_SPENT, reservation.retryAfter())));
	}

	/**
	 * How many subscriptions' budgets are held, for tests of its bound.
	 * @return the count
	 */
	long budgetsHeld() {
		return this.buckets.held();
	}

	/** The time left until the circuit half-opens, in whole seconds rounded up, at least one. */
	private Duration untilHalfOpen() {
		Instant at = this.halfOpensAt;
		long millis = (at != null) ? Duration.between(now(), at).toMillis() : openDuration().toMillis();
		return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
	}

	private Duration openDuration() {
		return Duration
			.ofMillis(this.circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
	}

	/** The circuit breaker's own clock, by which it half-opens. */
	private Instant now() {
		return this.circuitBreaker.getCircuitBreakerConfig().getClock().instant();
	}

}
