package dev.credbroker.api;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.credbroker.access.FieldRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * The {@code fields} and {@code reveal} query parameters, read in one place: a handler's
 * {@link FieldRequest} argument, parsed and bounded (an invalid one is a 400 before the handler
 * runs), and the audit record's {@link FieldRequest.Asked} for a request no handler took.
 * <p>
 * As two {@code @RequestParam List<String>} arguments they had 6.7% of a cache hit's samples in a
 * JFR profile of bench/run's load (a data binder made per argument and request, a multipart check
 * through the parameter's generic type, embedded-value resolution), to read two strings; this
 * reads them from the request, and the OpenAPI document describes them from the handlers'
 * method-level {@code @Parameter}s, as before.
 */
final class FieldParameters implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == FieldRequest.class;
	}

	@Override
	public FieldRequest resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer container,
			NativeWebRequest request, @Nullable WebDataBinderFactory binderFactory) {
		return read(request::getParameterValues, FieldRequest::parse);
	}

	/**
	 * What a request asked for, read as a handler's argument would be, for the audit record of a
	 * request that reached no handler.
	 * @param request the request
	 * @return what it asked
	 */
	static FieldRequest.Asked asked(HttpServletRequest request) {
		return read(request::getParameterValues, FieldRequest::asked);
	}

	/**
	 * Reads {@code fields} and {@code reveal}, each as all its values, {@code null} when absent.
	 * @param parameter a parameter's values by name, {@code null} when absent
	 * @param reading what is made of the two
	 */
	private static <T> T read(Function<String, String @Nullable []> parameter,
			BiFunction<@Nullable List<String>, @Nullable List<String>, T> reading) {
		return reading.apply(values(parameter.apply(FieldRequest.FIELDS)),
				values(parameter.apply(FieldRequest.REVEAL)));
	}

	private static @Nullable List<String> values(String @Nullable [] values) {
		return (values != null) ? List.of(values) : null;
	}

}
