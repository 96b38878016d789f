package dev.credbroker;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LOG_FORMAT=json} switches the console to Spring Boot's structured ECS format, as the
 * {@code k8s} profile does, unless a format is configured explicitly.
 */
class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String STRUCTURED_FORMAT = "logging.structured.format.console";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if ("json".equalsIgnoreCase(environment.getProperty("LOG_FORMAT"))
				&& !environment.containsProperty(STRUCTURED_FORMAT)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("logFormat", Map.of(STRUCTURED_FORMAT, "ecs")));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
