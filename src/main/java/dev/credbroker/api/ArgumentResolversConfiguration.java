package dev.credbroker.api;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API's own arguments: the resource a path names and the fields a query asks for.
 */
@Configuration(proxyBeanMethods = false)
class ArgumentResolversConfiguration implements WebMvcConfigurer {

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new MlResourceArgumentResolver());
		resolvers.add(new FieldRequestArgumentResolver());
	}

}
