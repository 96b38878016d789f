package dev.credbroker.secrets;

import java.time.Duration;
import java.time.Instant;

import dev.credbroker.support.MovableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvictionsTests {

	private static final String KEY = "workspace:/subscriptions/s/resourcegroups/rg/providers/x/workspaces/ws";

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T12:00:00Z"));

	/** An hour: as long as the fleet keeps an answer, here. */
	private final Evictions evictions = new Evictions(this.clock, Duration.ofHours(1), 100);

	@Test
	void anAnswerGivenBeforeTheMarginBeforeAnEvictionPredatesIt() {
		Instant evictedAt = this.clock.instant();
		this.evictions.evicted(KEY, this.clock.instant());

		Instant edge = evictedAt.minus(Evictions.MARGIN);
		assertThat(this.evictions.predate(KEY, edge.minusMillis(1))).isTrue();
		assertThat(this.evictions.predate(KEY, edge)).isFalse();
		assertThat(this.evictions.predate(KEY, evictedAt)).isFalse();
		assertThat(this.evictions.predate("workspace:/another", edge.minusMillis(1))).isFalse();
	}

	@Test
	void nothingPredatesAnEvictionNeverMade() {
		assertThat(this.evictions.predate(KEY, Instant.MIN.plusSeconds(1))).isFalse();
	}

	@Test
	void theEvictionOfEveryEntryCoversEachKey() {
		Instant evictedAt = this.clock.instant();
		this.evictions.evictedAll(this.clock.instant());

		assertThat(this.evictions.predate(KEY, evictedAt.minus(Evictions.MARGIN).minusMillis(1))).isTrue();
		assertThat(this.evictions.predate("workspace:/another", evictedAt.minus(Evictions.MARGIN).minusMillis(1)))
			.isTrue();
		assertThat(this.evictions.predate(KEY, evictedAt.minus(Evictions.MARGIN))).isFalse();
	}

	@Test
	void aLaterEvictionMovesTheLine() {
		this.evictions.evicted(KEY, this.clock.instant());
		this.clock.advance(Duration.ofMinutes(10));
		Instant answeredBetween = this.clock.instant().minus(Duration.ofMinutes(5));

		assertThat(this.evictions.predate(KEY, answeredBetween)).isFalse();
		this.evictions.evicted(KEY, this.clock.instant());
		assertThat(this.evictions.predate(KEY, answeredBetween)).isTrue();
	}

	/** A notification heard again, or late: the eviction it tells of counts when it was made. */
	@Test
	void anEarlierEvictionHeardAfterALaterOneMovesNothing() {
		Instant earlier = this.clock.instant().minus(Duration.ofMinutes(10));
		Instant answeredBetween = earlier.plus(Duration.ofMinutes(5));
		this.evictions.evicted(KEY, this.clock.instant());
		this.evictions.evictedAll(this.clock.instant());

		this.evictions.evicted(KEY, earlier);
		this.evictions.evictedAll(earlier);

		assertThat(this.evictions.predate(KEY, answeredBetween)).isTrue();
		assertThat(this.evictions.predate("workspace:/another", answeredBetween)).isTrue();
	}

	/** Copies of old notifications, published again in numbers, must not push recent evictions out. */
	@Test
	void anEvictionOlderThanTheFleetKeepsAnAnswerTakesNoPlace() {
		Evictions small = new Evictions(this.clock, Duration.ofHours(1), 1);
		small.evicted(KEY, this.clock.instant());

		small.evicted("workspace:/old", this.clock.instant().minus(Duration.ofHours(1)).minusMillis(1));

		assertThat(small.predate(KEY, this.clock.instant().minus(Duration.ofMinutes(1)))).isTrue();
		assertThat(small.predate("workspace:/old", Instant.MIN.plusSeconds(1))).isFalse();
	}

	@Test
	void anEvictionHeardLateCountsWhenItWasMade() {
		Instant made = this.clock.instant().minus(Duration.ofMinutes(10));

		this.evictions.evicted(KEY, made);
		this.evictions.evictedAll(made);

		Instant edge = made.minus(Evictions.MARGIN);
		assertThat(this.evictions.predate(KEY, edge.minusMillis(1))).isTrue();
		assertThat(this.evictions.predate(KEY, edge)).isFalse();
		assertThat(this.evictions.predate("workspace:/another", edge.minusMillis(1))).isTrue();
		assertThat(this.evictions.predate("workspace:/another", edge)).isFalse();
	}

	@Test
	void anEvictionIsForgottenOnceTheFleetKeepsNoAnswerFromBeforeIt() {
		Instant before = this.clock.instant().minus(Duration.ofMinutes(1));
		this.evictions.evicted(KEY, this.clock.instant());

		this.clock.advance(Duration.ofMinutes(59));
		assertThat(this.evictions.predate(KEY, before)).isTrue();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.evictions.predate(KEY, before)).isFalse();
	}

}
