package dev.credbroker.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditTrail;
import dev.credbroker.audit.AuditUnavailableException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Writes one audit record per API request, whatever its outcome, before the response leaves the
 * broker: the response is held until its record is written, and if the record cannot be written
 * the caller gets 503 {@code AuditUnavailable} instead, with no secret. Runs outside Spring
 * Security, so that unauthenticated and rejected requests are recorded too.
 */
final class AuditFilter extends OncePerRequestFilter {

	private static final Pattern WORKSPACE_KEYS = Pattern
		.compile("/api/v1/subscriptions/[^/]+/resourceGroups/[^/]+/workspaces/[^/]+/keys");

	private static final Pattern COMPUTE_KEYS = Pattern
		.compile("/api/v1/subscriptions/[^/]+/resourceGroups/[^/]+/workspaces/[^/]+/computes/[^/]+/keys");

	private static final int MAX_REQUESTED = 64;

	private final AuditTrail trail;

	private final RequestMetrics metrics;

	private final TraceIds traceIds;

	AuditFilter(AuditTrail trail, RequestMetrics metrics, TraceIds traceIds) {
		this.trail = trail;
		this.metrics = metrics;
		this.traceIds = traceIds;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		Instant time = Instant.now();
		AuditDetails details = new AuditDetails();
		request.setAttribute(AuditDetails.ATTRIBUTE, details);
		ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(request, held);
		}
		finally {
			AuditEvent event = event(request, held.getStatus(), details, time,
					Duration.ofNanos(System.nanoTime() - start).toMillis(), this.traceIds.current(request));
			try {
				this.trail.record(event);
				held.copyBodyToResponse();
			}
			catch (AuditUnavailableException ex) {
				held.resetBuffer();
				refuse(response);
				event = event(request, response.getStatus(), details, time, event.durationMs(), event.traceId());
			}
			String team = (details.team != null) ? details.team
					: details.teams.isEmpty() ? "none" : details.teams.get(0);
			this.metrics.record(event, team, Duration.ofNanos(System.nanoTime() - start));
		}
	}

	private void refuse(HttpServletResponse response) throws IOException {
		response.reset();
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setContentType("application/problem+json");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		response.setHeader(HttpHeaders.RETRY_AFTER, "5");
		String body = ApiProblem.AUDIT_UNAVAILABLE.toJson(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
				"The request could not be recorded in the audit trail, so it was not served");
		response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
	}

	private static AuditEvent event(HttpServletRequest request, int status, AuditDetails details, Instant time,
			long durationMs, @Nullable String traceId) {
		String decision = details.decision;
		String reason = details.reason;
		if (decision == null || reason == null) {
			decision = (status < 400) ? "allow" : "deny";
			reason = reasonFor(status);
		}
		return new AuditEvent(time.toString(), UUID.randomUUID().toString(), details.caller, details.teams,
				action(request.getRequestURI()), details.resourceId,
				new AuditEvent.Requested(requested(request, "fields"), requested(request, "reveal")), decision, reason,
				details.grants, List.copyOf(details.returned), details.upstream, status, durationMs,
				request.getRemoteAddr(), traceId);
	}

	private static String reasonFor(int status) {
		return switch (status) {
			case 401 -> "unauthenticated";
			case 403 -> "forbidden";
			case 404 -> "not-found";
			case 503 -> "unavailable";
			default -> (status < 400) ? "authenticated" : (status < 500) ? "invalid" : "error";
		};
	}

	static String action(String path) {
		if (WORKSPACE_KEYS.matcher(path).matches()) {
			return "workspace.listKeys";
		}
		if (COMPUTE_KEYS.matcher(path).matches()) {
			return "compute.listKeys";
		}
		return switch (path) {
			case "/api/v1/policy/decision" -> "policy.decision";
			case "/api/v1/me" -> "me";
			case "/api/v1/cache/evictions" -> "cache.evict";
			default -> "unknown";
		};
	}

	private static List<String> requested(HttpServletRequest request, String parameter) {
		String value = request.getParameter(parameter);
		if (value == null) {
			return List.of();
		}
		return Arrays.stream(value.split(",", -1))
			.map(String::strip)
			.filter((item) -> !item.isEmpty())
			.limit(MAX_REQUESTED)
			.map((item) -> (item.length() > 128) ? item.substring(0, 128) : item)
			.toList();
	}

}
