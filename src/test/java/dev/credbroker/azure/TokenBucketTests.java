package dev.credbroker.azure;

import java.time.Duration;

import dev.credbroker.support.MovableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget's bucket, on a clock moved by hand.
 */
class TokenBucketTests {

	private final MovableClock clock = new MovableClock();

	@Test
	void aFullBucketGivesItsBurstAtOnceThenNothingWithoutWaiting() {
		TokenBucket bucket = new TokenBucket(1, 3, this.clock);

		for (int i = 0; i < 3; i++) {
			assertThat(bucket.reserve(Duration.ZERO)).isEqualTo(Duration.ZERO);
		}

		assertThat(bucket.reserve(Duration.ZERO)).isNull();
		assertThat(bucket.untilNextPermit()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void aCallerMayWaitForTheNextPermitWithinItsLimit() {
		TokenBucket bucket = new TokenBucket(10, 1, this.clock);
		bucket.reserve(Duration.ZERO);

		Duration wait = bucket.reserve(Duration.ofMillis(200));

		assertThat(wait).isBetween(Duration.ofMillis(100), Duration.ofMillis(101));
		assertThat(bucket.reserve(Duration.ofMillis(150))).as("the next permit is already reserved").isNull();
		assertThat(bucket.reserve(Duration.ofMillis(250))).isBetween(Duration.ofMillis(200), Duration.ofMillis(201));
	}

	@Test
	void refillsAtItsRateUpToItsCapacity() {
		TokenBucket bucket = new TokenBucket(100, 2, this.clock);
		bucket.reserve(Duration.ZERO);
		bucket.reserve(Duration.ZERO);

		this.clock.advance(Duration.ofMillis(9));
		assertThat(bucket.reserve(Duration.ZERO)).isNull();
		this.clock.advance(Duration.ofSeconds(10));

		assertThat(bucket.reserve(Duration.ZERO)).isEqualTo(Duration.ZERO);
		assertThat(bucket.reserve(Duration.ZERO)).isEqualTo(Duration.ZERO);
		assertThat(bucket.reserve(Duration.ZERO)).isNull();
	}

	@Test
	void aClockSetBackTakesNoPermitsAway() {
		TokenBucket bucket = new TokenBucket(1, 2, this.clock);
		bucket.reserve(Duration.ZERO);

		this.clock.advance(Duration.ofHours(-1));

		assertThat(bucket.reserve(Duration.ZERO)).isEqualTo(Duration.ZERO);
		assertThat(bucket.reserve(Duration.ZERO)).isNull();
	}

}
