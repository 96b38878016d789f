package dev.credbroker.api;

import java.lang.reflect.Method;
import java.util.Map;

import dev.credbroker.access.AccessService;
import dev.credbroker.access.FieldRequest;
import dev.credbroker.secrets.SecretKinds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Maps each kind of secret's API path, as its descriptor gives it, to a {@link SecretsEndpoint} of
 * that kind: the routes are the descriptors', said nowhere else.
 */
@Configuration(proxyBeanMethods = false)
class SecretsRoutes {

	static final String PREFIX = "/api/v1";

	private static final Method VIEW = ReflectionUtils.findMethod(SecretsEndpoint.class, "view", Map.class,
			FieldRequest.class, Jwt.class, HttpServletRequest.class, HttpServletResponse.class);

	@Bean
	SmartInitializingSingleton secretsRoutesRegistrar(
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping, AccessService access) {
		return () -> SecretKinds.ALL.forEach((kind) -> mapping.registerMapping(
				RequestMappingInfo.paths(PREFIX + kind.apiPath())
					.methods(RequestMethod.GET)
					.produces(MediaType.APPLICATION_JSON_VALUE)
					.options(mapping.getBuilderConfiguration())
					.build(),
				new SecretsEndpoint(kind, access), VIEW));
	}

}
