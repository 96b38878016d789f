package dev.credbroker.api;

import dev.credbroker.audit.AuditTrail;
import dev.credbroker.policy.PolicyStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Puts the audit filter around everything under {@code /api/}, Spring Security included.
 */
@Configuration(proxyBeanMethods = false)
class AuditWebConfiguration {

	/**
	 * Before Spring Security's filter chain, at -100, and after the server observation filter,
	 * which opens the request's trace.
	 */
	static final int AUDIT_FILTER_ORDER = -200;

	@Bean
	FilterRegistrationBean<AuditFilter> auditFilter(AuditTrail trail, PolicyStore policies, MeterRegistry meterRegistry,
			ObjectProvider<Tracer> tracer,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<HandlerMapping> handlerMapping) {
		FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(trail, policies,
				new RequestMetrics(meterRegistry), new TraceIds(tracer), SingletonSupplier.of(handlerMapping::getObject)));
		registration.addUrlPatterns("/api/*");
		registration.setOrder(AUDIT_FILTER_ORDER);
		return registration;
	}

}
