package dev.credbroker.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import dev.credbroker.access.FieldRequest;
import dev.credbroker.access.Outcome;
import dev.credbroker.audit.AuditEvent;
import dev.credbroker.audit.AuditTrail;
import dev.credbroker.audit.AuditUnavailableException;
import dev.credbroker.policy.PolicyStore;
import dev.credbroker.policy.Team;
import dev.credbroker.security.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
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
 * Security, so that unauthenticated and rejected requests are recorded too. The record is made from
 * what the request was (its handler's action, its parameters, its status), who made it (the
 * authentication Spring Security saved in the request) and, when the access use case handled it,
 * its {@link Outcome}.
 */
final class AuditFilter extends OncePerRequestFilter {

	/** Where the bearer token filter keeps the request's authentication. */
	private static final RequestAttributeSecurityContextRepository AUTHENTICATIONS = new RequestAttributeSecurityContextRepository();

	/** Before the reason of a dry run's record, which is not the dry run's own. */
	private static final String DRY_RUN = "dry-run:";

	private final AuditTrail trail;

	private final PolicyStore policies;

	private final RequestMetrics metrics;

	private final TraceIds traceIds;

	private final Supplier<HandlerMapping> handlers;

	AuditFilter(AuditTrail trail, PolicyStore policies, RequestMetrics metrics, TraceIds traceIds,
			Supplier<HandlerMapping> handlers) {
		this.trail = trail;
		this.policies = policies;
		this.metrics = metrics;
		this.traceIds = traceIds;
		this.handlers = handlers;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		Instant time = Instant.now();
		ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(request, held);
		}
		finally {
			String action = action(request);
			Outcome<?> outcome = AuditedOutcome.in(request);
			Told told = told(request, outcome);
			AuditEvent event = event(request, action, held.getStatus(), told, outcome, time,
					Duration.ofNanos(System.nanoTime() - start).toMillis(), this.traceIds.current(request));
			try {
				this.trail.record(event);
				held.copyBodyToResponse();
			}
			catch (AuditUnavailableException ex) {
				held.resetBuffer();
				refuse(response);
				event = event(request, action, response.getStatus(), told, outcome, time, event.durationMs(),
						event.traceId());
			}
			String team = (outcome != null && outcome.team() != null) ? outcome.team()
					: told.teams().isEmpty() ? "none" : told.teams().get(0);
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
				ApiProblem.AUDIT_UNAVAILABLE.detail());
		response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Who called and in which teams: the teams are the outcome's, else read from the policy for an
	 * authenticated caller the use case never saw.
	 */
	private Told told(HttpServletRequest request, @Nullable Outcome<?> outcome) {
		SecurityContext context = AUTHENTICATIONS.loadDeferredContext(request).get();
		Authentication authentication = (context != null) ? context.getAuthentication() : null;
		if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
			return new Told(null, List.of());
		}
		Caller caller = Caller.from(jwt);
		List<String> teams = (outcome != null) ? outcome.teams()
				: this.policies.current().teamsOf(jwt.getClaims()).stream().map(Team::name).toList();
		return new Told(new AuditEvent.Caller(caller.subject(), caller.issuer(), caller.clientId(), caller.tenantId()),
				teams);
	}

	private static AuditEvent event(HttpServletRequest request, String action, int status, Told told,
			@Nullable Outcome<?> outcome, Instant time, long durationMs, @Nullable String traceId) {
		if (outcome == null) {
			FieldRequest.Asked asked = FieldParameters.asked(request);
			return new AuditEvent(time.toString(), UUID.randomUUID().toString(), told.caller(), told.teams(), action,
					null, new AuditEvent.Requested(asked.fields(), asked.reveal()), AuditEvent.Verdict.of(status < 400),
					reasonFor(status), List.of(), List.of(), null, status, durationMs, request.getRemoteAddr(), traceId);
		}
		Outcome.Verdict verdict = outcome.verdict();
		String reason = verdict.dryRun() ? DRY_RUN + verdict.reason().value() : verdict.reason().value();
		FieldRequest.Asked asked = outcome.request().asked();
		return new AuditEvent(time.toString(), UUID.randomUUID().toString(), told.caller(), told.teams(), action,
				outcome.resourceId(), new AuditEvent.Requested(asked.fields(), asked.reveal()),
				AuditEvent.Verdict.of(verdict.allowed()), reason, outcome.grants(), returned(outcome),
				upstream(outcome.upstream()), status, durationMs, request.getRemoteAddr(), traceId);
	}

	private static List<AuditEvent.Returned> returned(Outcome<?> outcome) {
		return outcome.disclosed()
			.stream()
			.map((field) -> new AuditEvent.Returned(field.field(), disclosure(field.shown()), field.fingerprint()))
			.toList();
	}

	private static AuditEvent.Disclosure disclosure(Outcome.Shown shown) {
		return switch (shown) {
			case REDACTED -> AuditEvent.Disclosure.REDACTED;
			case REVEALED -> AuditEvent.Disclosure.REVEALED;
			case CLEAR -> AuditEvent.Disclosure.CLEAR;
		};
	}

	private static AuditEvent.@Nullable Upstream upstream(Outcome.@Nullable Upstream upstream) {
		if (upstream == null) {
			return null;
		}
		return new AuditEvent.Upstream(upstream.status(), upstream.requestId(),
				(upstream.cache() != null) ? upstream.cache().tag() : "none");
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
	private String action(HttpServletRequest request) {
		Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
		if (handler == null) {
			handler = lookUp(request);
		}
		if (!(handler instanceof HandlerMethod method)) {
			return AuditAction.UNKNOWN.value();
		}
		if (method.getBean() instanceof SecretsEndpoint endpoint) {
			return endpoint.kind().operation().name();
		}
		AuditAction.Audited audited = method.getMethodAnnotation(AuditAction.Audited.class);
		return ((audited != null) ? audited.value() : AuditAction.UNKNOWN).value();
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

	/**
	 * Who called, and the caller's teams.
	 */
	private record Told(AuditEvent.@Nullable Caller caller, List<String> teams) {
	}

}
