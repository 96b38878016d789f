package dev.credbroker.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Prometheus' registry, in place of the one Spring Boot would make: Micrometer registers the
 * broker's meters in it, and the scrape endpoint reads it.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	PrometheusRegistry prometheusRegistry() {
		return new BucketExemplarsOnly();
	}

}
