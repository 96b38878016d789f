package dev.credbroker.api;

import dev.credbroker.azure.AzureNames;
import dev.credbroker.azure.MlResource;
import dev.credbroker.policy.FieldPattern;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * Describes, in the OpenAPI document, the parameters that {@link MlResourceArgumentResolver} and
 * {@link FieldRequestArgumentResolver} read: the path's names with Azure's patterns, then
 * {@code fields} and {@code reveal}.
 */
@Component
class KeysParametersCustomizer implements OperationCustomizer {

	private static final String LIMITS = ". At most " + FieldRequest.MAX_PATTERNS
			+ " in all when repeated, each at most " + FieldPattern.MAX_LENGTH + " characters in "
			+ FieldPattern.MAX_PARTS + " parts; more is a 400";

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		if (takes(handlerMethod, MlResource.class)) {
			String template = template(handlerMethod);
			operation.addParametersItem(path("subscriptionId", "The Azure subscription, a GUID", AzureNames.SUBSCRIPTION_ID));
			operation.addParametersItem(path("resourceGroupName", "The resource group", AzureNames.RESOURCE_GROUP));
			operation.addParametersItem(path("workspaceName", "The Azure Machine Learning workspace", AzureNames.WORKSPACE));
			if (template.contains("{computeName}")) {
				operation.addParametersItem(path("computeName", "The compute in the workspace", AzureNames.COMPUTE));
			}
		}
		if (takes(handlerMethod, FieldRequest.class)) {
			operation.addParametersItem(query("fields",
					"Comma-separated field names or patterns (* within a part, ** any parts) that narrow the view"
							+ LIMITS,
					"notebook.*"));
			operation.addParametersItem(query("reveal",
					"Comma-separated field names or patterns to see in clear; all must be revealable" + LIMITS,
					"containerRegistry.passwords.password2"));
		}
		return operation;
	}

	private static boolean takes(HandlerMethod handlerMethod, Class<?> type) {
		for (MethodParameter parameter : handlerMethod.getMethodParameters()) {
			if (parameter.getParameterType() == type) {
				return true;
			}
		}
		return false;
	}

	private static String template(HandlerMethod handlerMethod) {
		RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getBeanType(),
				RequestMapping.class);
		RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(),
				RequestMapping.class);
		return String.join(" ", (type != null) ? type.path() : new String[0])
				+ String.join(" ", (method != null) ? method.path() : new String[0]);
	}

	private static Parameter path(String name, String description, String pattern) {
		return new PathParameter().name(name).description(description).schema(new StringSchema().pattern(pattern));
	}

	private static Parameter query(String name, String description, String example) {
		return new QueryParameter().name(name).description(description).required(false).schema(new StringSchema())
			.example(example);
	}

}
