package dev.credbroker.fleet;

import java.time.Clock;
import java.time.Instant;

import io.github.bucket4j.TimeMeter;

/**
 * Bucket4j's time, read from the broker's one clock: buckets refill as answers age and circuits
 * half-open, and tests that move the clock move all three. A clock set back refills nothing:
 * Bucket4j ignores time that goes backwards.
 */
record ClockTimeMeter(Clock clock) implements TimeMeter {

	@Override
	public long currentTimeNanos() {
		Instant now = this.clock.instant();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

}
