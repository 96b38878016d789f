package dev.credbroker.api;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.policy.PolicyStore;
import dev.credbroker.policy.Team;
import dev.credbroker.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Tells the audit record who called and in which teams, once Spring Security has authenticated
 * the request and before the handler runs, so that it is known whatever the handler does.
 */
final class AuditInterceptor implements HandlerInterceptor {

	private final PolicyStore policies;

	AuditInterceptor(PolicyStore policies) {
		this.policies = policies;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt
				&& request.getAttribute(AuditDetails.ATTRIBUTE) instanceof AuditDetails details) {
			Caller caller = Caller.from(jwt);
			details.caller = new AuditEvent.Caller(caller.subject(), caller.issuer(), caller.clientId(),
					caller.tenantId());
			details.teams = this.policies.current().teamsOf(jwt.getClaims()).stream().map(Team::name).toList();
		}
		return true;
	}

}
