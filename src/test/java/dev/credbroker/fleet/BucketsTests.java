package dev.credbroker.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import dev.credbroker.support.Eventually;
import dev.credbroker.support.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Bucket4j's local buckets as the broker uses them, on a clock moved by hand.
 */
class BucketsTests {

	private final MovableClock clock = new MovableClock();

	private final RateLimits rateLimits = RateLimits.local(this.clock);

	@AfterEach
	void close() {
		this.rateLimits.close();
	}

	@Test
	void aFullBucketGivesItsBurstAtOnceThenNothingWithoutWaiting() {
		Buckets buckets = this.rateLimits.buckets("quota", Duration.ZERO);
		Limit limit = Limit.perSecond(1, 3);

		for (int i = 0; i < 3; i++) {
			assertThat(buckets.reserve("b", limit, Duration.ZERO).join().granted()).isTrue();
		}

		Buckets.Reservation refused = buckets.reserve("b", limit, Duration.ZERO).join();
		assertThat(refused.granted()).isFalse();
		assertThat(refused.retryAfter()).as("one token a second").isEqualTo(Duration.ofSeconds(1));
		assertThat(buckets.tryTake("b", limit)).hasValueSatisfying(
				(wait) -> assertThat(wait).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1)));
	}

	@Test
	void aCallerMayWaitForTheNextTokenWithinItsLimitAndTokensAreReservedInOrder() {
		Buckets buckets = this.rateLimits.buckets("test", Duration.ofMillis(250));
		Limit limit = Limit.perSecond(10, 1);
		assertThat(buckets.reserve("b", limit, Duration.ZERO).join().granted()).isTrue();

		long start = System.nanoTime();
		CompletableFuture<Buckets.Reservation> waiting = buckets.reserve("b", limit, Duration.ofMillis(200));

		assertThat(buckets.reserve("b", limit, Duration.ofMillis(150)).join().granted())
			.as("the next token is already reserved: 200 ms away")
			.isFalse();
		assertThat(waiting.join().granted()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("granted once its token was due")
			.isGreaterThanOrEqualTo(Duration.ofMillis(90));
	}

	@Test
	void refillsAtItsRateUpToItsCapacity() {
		Buckets buckets = this.rateLimits.buckets("quota", Duration.ZERO);
		Limit limit = Limit.perSecond(100, 2);
		buckets.tryTake("b", limit);
		buckets.tryTake("b", limit);

		this.clock.advance(Duration.ofMillis(9));
		assertThat(buckets.tryTake("b", limit)).isPresent();
		this.clock.advance(Duration.ofSeconds(10));

		assertThat(buckets.tryTake("b", limit)).isEmpty();
		assertThat(buckets.tryTake("b", limit)).isEmpty();
		assertThat(buckets.tryTake("b", limit)).isPresent();
	}

	@Test
	void aClockSetBackTakesNoTokensAway() {
		Buckets buckets = this.rateLimits.buckets("quota", Duration.ZERO);
		Limit limit = Limit.perSecond(1, 2);
		buckets.tryTake("b", limit);

		this.clock.advance(Duration.ofHours(-1));

		assertThat(buckets.tryTake("b", limit)).isEmpty();
		assertThat(buckets.tryTake("b", limit)).isPresent();
	}

	@Test
	void bucketsOfOtherNamesOrLimitsAreApart() {
		Buckets buckets = this.rateLimits.buckets("quota", Duration.ZERO);
		buckets.tryTake("a", new Limit(1, Duration.ofMinutes(1)));

		assertThat(buckets.tryTake("a", new Limit(1, Duration.ofMinutes(1)))).isPresent();
		assertThat(buckets.tryTake("b", new Limit(1, Duration.ofMinutes(1)))).isEmpty();
		assertThat(buckets.tryTake("a", new Limit(2, Duration.ofMinutes(1)))).as("another limit, a new bucket")
			.isEmpty();
	}

	@Test
	void aBucketLeftAloneUntilFullIsForgottenAndMadeUpNamesAreBounded() {
		Buckets buckets = this.rateLimits.buckets("test", Duration.ofMillis(500));
		Limit limit = Limit.perSecond(8, 150);
		for (int i = 0; i < 100; i++) {
			buckets.tryTake("made-up-" + i, limit);
		}
		assertThat(buckets.held()).isEqualTo(100);

		// 150 tokens at 8 a second are whole again after 18.75 s, plus the longest wait of 0.5 s.
		this.clock.advance(Duration.ofSeconds(19));
		assertThat(buckets.held()).isEqualTo(100);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(buckets.held()).isZero();

		for (int i = 0; i < Buckets.MAX_BUCKETS + 500; i++) {
			buckets.tryTake("many-" + i, limit);
		}
		Eventually.until("the bound holds", () -> buckets.held() <= Buckets.MAX_BUCKETS);
	}

	@Test
	void bucketsReadTheBrokersClockToTheNanosecond() {
		ClockTimeMeter time = new ClockTimeMeter(Clock.fixed(Instant.ofEpochSecond(3, 250), ZoneOffset.UTC));

		assertThat(time.currentTimeNanos()).isEqualTo(3_000_000_250L);
		// Bucket4j's buckets in Redis take no other client clock.
		assertThat(time.isWallClockBased()).isTrue();
	}

	@Test
	void limits() {
		assertThat(Limit.perSecond(8, 150)).isEqualTo(new Limit(150, Duration.ofMillis(18_750)));
		assertThat(Limit.perSecond(0.5, 10).refillPeriod()).isEqualTo(Duration.ofSeconds(20));
		assertThat(new Limit(150, Duration.ofSeconds(30)).share(4)).as("37 tokens, at 150/30/4 a second")
			.isEqualTo(new Limit(37, Duration.ofMillis(29_600)));
		assertThat(new Limit(3, Duration.ofMinutes(1)).share(1)).isEqualTo(new Limit(3, Duration.ofMinutes(1)));
		assertThat(new Limit(3, Duration.ofMinutes(1)).share(5)).as("at least one token")
			.isEqualTo(new Limit(1, Duration.ofSeconds(100)));
		assertThatIllegalArgumentException().isThrownBy(() -> new Limit(0, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new Limit(1, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.perSecond(0, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new Limit(3, Duration.ofMinutes(1)).share(0));
		assertThat(new Limit(3, Duration.ofMinutes(1)).key()).isEqualTo("3/60000ms");
		assertThat(Buckets.roundedUp(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(Buckets.roundedUp(1_000_000_001)).isEqualTo(Duration.ofSeconds(2));
		assertThat(Buckets.roundedUp(0)).isEqualTo(Duration.ofSeconds(1));
	}

}
