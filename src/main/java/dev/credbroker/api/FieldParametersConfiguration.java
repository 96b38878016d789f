package dev.credbroker.api;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets handlers take the {@code fields} and {@code reveal} parameters as one parsed
 * {@code FieldRequest} argument, read by {@link FieldParameters}.
 */
@Configuration(proxyBeanMethods = false)
class FieldParametersConfiguration implements WebMvcConfigurer {

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new FieldParameters());
	}

}
