package dev.credbroker.security;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Every request needs a bearer JWT from a trusted issuer, except the documentation, the health
 * probes and the error page. No sessions, no cookies, so no CSRF surface.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String SINGLE_ISSUER_PROPERTY = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, TrustedIssuers trustedIssuers,
			ProblemAuthenticationEntryPoint entryPoint) {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/error", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
					"/actuator/health", "/actuator/health/**", "/actuator/info")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.authenticationManagerResolver(new JwtIssuerAuthenticationManagerResolver(trustedIssuers))
				.authenticationEntryPoint(entryPoint))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	@Bean
	TrustedIssuers trustedIssuers(BrokerSecurityProperties properties, Environment environment) {
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
		return new TrustedIssuers(issuers, properties);
	}

	@Bean
	ProblemAuthenticationEntryPoint problemAuthenticationEntryPoint(
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		return new ProblemAuthenticationEntryPoint(exceptionResolver);
	}

	/** Requests the firewall rejects (encoded slashes, traversal) get Problem Details too. */
	@Bean
	RequestRejectedHandler requestRejectedHandler(
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		return (request, response, exception) -> exceptionResolver.resolveException(request, response, null,
				exception);
	}

}
