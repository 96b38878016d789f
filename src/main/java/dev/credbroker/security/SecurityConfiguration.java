package dev.credbroker.security;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Every request to the API port needs a bearer JWT from a trusted issuer, except the documentation
 * and the error page. No sessions, no cookies, so no CSRF surface.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String SINGLE_ISSUER_PROPERTY = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	/**
	 * Actuator paths: health, info, prometheus and the SBOM on the management port, for the kubelet,
	 * Prometheus and whoever audits the build, which a NetworkPolicy lets in. Nothing else is
	 * exposed, so every other actuator path is a plain 404; should an operator expose more
	 * ({@code management.endpoints.web.exposure.include}), it is refused all the same: a heap dump
	 * holds the keys and the cached secrets.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain managementFilterChain(HttpSecurity http) {
		http.securityMatcher(new OrRequestMatcher(EndpointRequest.toAnyEndpoint(),
				PathPatternRequestMatcher.pathPattern("/actuator/**")))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to("health", "info", "prometheus", "sbom"))
				.permitAll()
				.requestMatchers(EndpointRequest.toAnyEndpoint())
				.denyAll()
				// Not an exposed endpoint: the plain 404 it gets anyway.
				.anyRequest()
				.permitAll())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain securityFilterChain(HttpSecurity http, TrustedIssuers trustedIssuers,
			ProblemAuthenticationEntryPoint entryPoint) {
		AuthenticationManager authenticationManager = trustedIssuers.authenticationManager();
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/error", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.bearerTokenResolver(new BearerTokens())
				.authenticationManagerResolver((request) -> authenticationManager)
				.authenticationEntryPoint(entryPoint))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			// No session, so no logout: its filter answered POST /logout, before any authentication,
			// with a redirect to a login page. Nothing asks the request for its principal or roles
			// (handlers take the Jwt), so the request needs no wrapper that answers from the
			// security context. Each was a filter, and a wrapper, on every request.
			.logout((logout) -> logout.disable())
			.servletApi((servletApi) -> servletApi.disable());
		return http.build();
	}

	@Bean
	TrustedIssuers trustedIssuers(BrokerSecurityProperties properties, Environment environment, Clock clock,
			MeterRegistry meterRegistry) {
		Set<String> issuers = new LinkedHashSet<>(properties.issuers());
		String single = environment.getProperty(SINGLE_ISSUER_PROPERTY);
		if (single != null && !single.isBlank()) {
			issuers.add(single);
		}
		if (issuers.isEmpty()) {
			throw new IllegalStateException("No trusted issuer: set broker.security.issuers (or "
					+ SINGLE_ISSUER_PROPERTY + ") to the issuers whose tokens the broker accepts");
		}
		if (properties.audiences().isEmpty()) {
			throw new IllegalStateException(
					"No audience: set broker.security.audiences to the audiences a caller's token must carry");
		}
		if (properties.jwksRateLimit().isNegative() || properties.jwksRateLimit().isZero()
				|| properties.jwksRateLimit().compareTo(IssuerKeys.CACHE_LIFETIME) >= 0) {
			throw new IllegalStateException("broker.security.jwks-rate-limit must be positive and shorter than "
					+ IssuerKeys.CACHE_LIFETIME.toMinutes() + " minutes, the lifetime of the issuers' cached keys");
		}
		VerifiedTokens verifiedTokens = properties.tokenCache().enabled()
				? new VerifiedTokens(properties.tokenCache(), clock, meterRegistry) : null;
		return new TrustedIssuers(issuers, properties, verifiedTokens);
	}

	@Bean
	ProblemAuthenticationEntryPoint problemAuthenticationEntryPoint(
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		return new ProblemAuthenticationEntryPoint(exceptionResolver);
	}

	/** Spring's strict firewall, whatever else the broker configures; see HeaderValues. */
	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(HeaderValues::allowed);
		return firewall;
	}

	/**
	 * No observation of Spring Security's own: none per security filter, per authentication or per
	 * authorization, so one per API request (http.server.requests: its metric and its span). A
	 * predicate that drops them (management.observations.enable.spring.security) still left each
	 * filter wrapped in an observing decorator, 2% of a cache hit's CPU (JFR, 2026-12-01).
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** Requests the firewall rejects (encoded slashes, traversal) get Problem Details too. */
	@Bean
	RequestRejectedHandler requestRejectedHandler(
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		return (request, response, exception) -> exceptionResolver.resolveException(request, response, null,
				exception);
	}

}
