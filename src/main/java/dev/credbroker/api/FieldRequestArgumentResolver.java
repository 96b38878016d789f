package dev.credbroker.api;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a {@link FieldRequest} argument from the {@code fields} and {@code reveal} query
 * parameters; a parameter given more than once counts as one comma-separated list.
 */
class FieldRequestArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == FieldRequest.class;
	}

	@Override
	public FieldRequest resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		return FieldRequest.parse(webRequest.getParameterValues("fields"), webRequest.getParameterValues("reveal"));
	}

}
