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
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the audit filter around everything under {@code /api/}, Spring Security included.
 */
@Configuration(proxyBeanMethods = false)
class AuditWebConfiguration implements WebMvcConfigurer {

	/**
	 * Before Spring Security's filter chain, at -100, and after the server observation filter,
	 * which opens the request's trace.
	 */
	static final int AUDIT_FILTER_ORDER = -200;

	private final PolicyStore policies;

	AuditWebConfiguration(PolicyStore policies) {
		this.policies = policies;
	}

	@Bean
	FilterRegistrationBean<AuditFilter> auditFilter(AuditTrail trail, MeterRegistry meterRegistry,
			ObjectProvider<Tracer> tracer,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<HandlerMapping> handlerMapping) {
		FilterRegistrationBean<AuditFilter> registration = new FilterRegistrationBean<>(new AuditFilter(trail,
				new RequestMetrics(meterRegistry), new TraceIds(tracer), SingletonSupplier.of(handlerMapping::getObject)));
		registration.addUrlPatterns("/api/*");
		registration.setOrder(AUDIT_FILTER_ORDER);
		return registration;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AuditInterceptor(this.policies)).addPathPatterns("/api/**");
	}

}
