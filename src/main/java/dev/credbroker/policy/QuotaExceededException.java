package dev.credbroker.policy;

import java.time.Duration;

/**
 * A team used up its requests for the minute.
 */
public class QuotaExceededException extends RuntimeException {

	private final String team;

	private final Duration retryAfter;

	QuotaExceededException(String team, Duration retryAfter) {
		super("Team " + team + " is over its quota");
		this.team = team;
		this.retryAfter = retryAfter;
	}

	public String team() {
		return this.team;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
