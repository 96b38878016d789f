package dev.credbroker.api;

import java.util.ArrayList;
import java.util.List;

import dev.credbroker.azure.Segment;
import dev.credbroker.secrets.SecretKind;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Describes each kind's operation in the OpenAPI document from its descriptor: summary,
 * description, an id for generated clients, the path's names with Azure's rules, and an example.
 */
@Component
class SecretsOperations implements OperationCustomizer {

	SecretsOperations() {
		// springdoc documents the handlers of beans it found as controllers, and of these classes;
		// the endpoints are mapped by SecretsRoutes, not found.
		SpringDocUtils.getConfig().addRestControllers(SecretsEndpoint.class);
	}

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		if (handlerMethod.getBean() instanceof SecretsEndpoint endpoint) {
			SecretKind<?> kind = endpoint.kind();
			operation.summary(kind.title()).description(kind.description()).operationId(operationId(kind));
			List<Parameter> parameters = new ArrayList<>();
			for (Segment segment : kind.path()) {
				parameters.add(new PathParameter().name(segment.parameter())
					.description(segment.description())
					.schema(new StringSchema().pattern(segment.rule())));
			}
			if (operation.getParameters() != null) {
				for (Parameter parameter : operation.getParameters()) {
					parameters.add(withExample(parameter, kind));
				}
			}
			operation.setParameters(parameters);
			ApiResponse ok = (operation.getResponses() != null) ? operation.getResponses().get("200") : null;
			if (ok != null && ok.getContent() != null) {
				for (MediaType media : ok.getContent().values()) {
					media.addExamples(kind.name(), new Example().value(kind.example()));
				}
			}
		}
		return operation;
	}

	/** The query parameters' examples name the kind's own fields: its first secret one. */
	private static Parameter withExample(Parameter parameter, SecretKind<?> kind) {
		String secret = kind.fields()
			.stream()
			.filter((field) -> field.secret() && !field.name().endsWith("."))
			.map(SecretKind.Field::name)
			.findFirst()
			.orElse(null);
		if (secret == null) {
			return parameter;
		}
		if ("reveal".equals(parameter.getName())) {
			parameter.setExample(secret);
		}
		else if ("fields".equals(parameter.getName())) {
			int dot = secret.indexOf('.');
			parameter.setExample((dot < 0) ? secret : secret.substring(0, dot + 1) + "*");
		}
		return parameter;
	}

	/**
	 * The kind and the path's last segment, {@code computeKeys}, unless the kind's name ends with it
	 * already: {@code onlineEndpointToken}.
	 */
	private static String operationId(SecretKind<?> kind) {
		String endpoint = kind.endpoint();
		String suffix = Character.toUpperCase(endpoint.charAt(0)) + endpoint.substring(1);
		return kind.name().endsWith(suffix) ? kind.name() : kind.name() + suffix;
	}

}
