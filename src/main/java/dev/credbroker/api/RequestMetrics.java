package dev.credbroker.api;

import java.time.Duration;

import dev.credbroker.audit.AuditEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code broker.requests}: one timing per API request, tagged with bounded values only: the
 * operation, the team charged (from the policy, {@code none} when unresolved), the outcome and
 * the cache's answer. Never a subject, a resource id or free text.
 */
final class RequestMetrics {

	private final MeterRegistry registry;

	RequestMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void record(AuditEvent event, String team, Duration duration) {
		Timer.builder("broker.requests")
			.description("API requests, by operation, team, outcome and cache answer")
			.tag("operation", event.action())
			.tag("team", team)
			.tag("outcome", outcome(event))
			.tag("cache", (event.upstream() != null) ? event.upstream().cache() : "none")
			.register(this.registry)
			.record(duration);
	}

	static String outcome(AuditEvent event) {
		int status = event.status();
		if (status < 400) {
			return "allowed";
		}
		return switch (status) {
			case 401 -> "unauthenticated";
			case 403 -> "denied";
			case 429 -> "quota";
			default -> (status >= 500) ? "upstream_error" : "invalid";
		};
	}

}
