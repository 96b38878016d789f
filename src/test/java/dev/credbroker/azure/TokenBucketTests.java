package dev.credbroker.azure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTests {

	@Test
	void aFullBucketGivesItsBurstAtOnceThenNothingWithoutWaiting() {
		TokenBucket bucket = new TokenBucket(1, 3);

		for (int i = 0; i < 3; i++) {
			assertThat(bucket.reserve(Duration.ZERO)).isEqualTo(Duration.ZERO);
		}

		assertThat(bucket.reserve(Duration.ZERO)).isNull();
		assertThat(bucket.untilNextPermit()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
	}

	@Test
	void aCallerMayWaitForTheNextPermitWithinItsLimit() {
		TokenBucket bucket = new TokenBucket(10, 1);
		bucket.reserve(Duration.ZERO);

		Duration wait = bucket.reserve(Duration.ofMillis(200));

		assertThat(wait).isNotNull().isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));
		assertThat(bucket.reserve(Duration.ofMillis(50))).as("the next permit is already reserved").isNull();
	}

	@Test
	void refillsAtItsRateUpToItsCapacity() throws InterruptedException {
		TokenBucket bucket = new TokenBucket(100, 2);
		bucket.reserve(Duration.ZERO);
		bucket.reserve(Duration.ZERO);

		Thread.sleep(100);

		assertThat(bucket.reserve(Duration.ZERO)).isEqualTo(Duration.ZERO);
		assertThat(bucket.reserve(Duration.ZERO)).isEqualTo(Duration.ZERO);
		assertThat(bucket.reserve(Duration.ZERO)).isNull();
	}

}
