package dev.credbroker.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

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
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Writes one audit record per API request, whatever its outcome, before the response leaves the
 * broker: the response is held until its record is written, and if the record cannot be written
 * the caller gets 503 {@code AuditUnavailable} instead, with no secret. Runs outside Spring
 * Security, so that unauthenticated and rejected requests are recorded too.
 */
final class AuditFilter extends OncePerRequestFilter {

	private final AuditTrail trail;

	private final RequestMetrics metrics;

	private final TraceIds traceIds;

	private final Supplier<HandlerMapping> handlers;

	AuditFilter(AuditTrail trail, RequestMetrics metrics, TraceIds traceIds, Supplier<HandlerMapping> handlers) {
		this.trail = trail;
		this.metrics = metrics;
		this.traceIds = traceIds;
		this.handlers = handlers;
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
			AuditAction action = action(request);
			AuditEvent event = event(request, action, held.getStatus(), details, time,
					Duration.ofNanos(System.nanoTime() - start).toMillis(), this.traceIds.current(request));
			try {
				this.trail.record(event);
				held.copyBodyToResponse();
			}
			catch (AuditUnavailableException ex) {
				held.resetBuffer();
				refuse(response);
				event = event(request, action, response.getStatus(), details, time, event.durationMs(),
						event.traceId());
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

	private static AuditEvent event(HttpServletRequest request, AuditAction action, int status, AuditDetails details,
			Instant time, long durationMs, @Nullable String traceId) {
		AuditEvent.Verdict decision = details.decision;
		String reason = details.reason;
		if (decision == null || reason == null) {
			decision = AuditEvent.Verdict.of(status < 400);
			reason = reasonFor(status);
		}
		return new AuditEvent(time.toString(), UUID.randomUUID().toString(), details.caller, details.teams,
				action.value(), details.resourceId,
				(details.requested != null) ? details.requested
						: FieldRequest.requested(request.getParameterValues("fields"),
								request.getParameterValues("reveal")),
				decision, reason,
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

	/**
	 * The operation the request was for, as its handler method names it. A request that reached
	 * Spring MVC has its handler; one that Spring Security turned away before is looked up, so
	 * that a 401 on a keys path is still recorded as a listKeys.
	 */
	private AuditAction action(HttpServletRequest request) {
		Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
		if (handler == null) {
			handler = lookUp(request);
		}
		AuditAction.Audited audited = (handler instanceof HandlerMethod method)
				? method.getMethodAnnotation(AuditAction.Audited.class) : null;
		return (audited != null) ? audited.value() : AuditAction.UNKNOWN;
	}

	private @Nullable Object lookUp(HttpServletRequest request) {
		try {
			if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
				ServletRequestPathUtils.parseAndCache(request);
			}
			HandlerExecutionChain chain = this.handlers.get().getHandler(request);
			return (chain != null) ? chain.getHandler() : null;
		}
		catch (Exception ex) {
			// No operation matches this method, media type or path.
			return null;
		}
	}

}
