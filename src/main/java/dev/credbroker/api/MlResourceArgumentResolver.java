package dev.credbroker.api;

import java.util.Map;

import dev.credbroker.azure.MlResource;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Resolves an {@link MlResource} argument from the path's {@code subscriptionId},
 * {@code resourceGroupName}, {@code workspaceName} and, where the path has it, {@code computeName},
 * checking them all against Azure's rules at once. Without a data binder: converting each
 * {@code @PathVariable} cost more than the rest of Spring MVC's work on a cached answer.
 */
class MlResourceArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == MlResource.class;
	}

	@Override
	public MlResource resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) webRequest
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		if (variables == null) {
			throw new IllegalStateException("No path variables for " + parameter);
		}
		return new MlResource(variables.get("subscriptionId"), variables.get("resourceGroupName"),
				variables.get("workspaceName"), variables.get("computeName"));
	}

}
