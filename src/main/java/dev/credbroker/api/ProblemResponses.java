package dev.credbroker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Declares every error response of every operation in the OpenAPI document: each status an
 * operation may answer with, as Problem Details, with one example per problem code, written from
 * the {@link ApiProblem} catalogue so that the document and the answers cannot drift apart.
 */
@Component
class ProblemResponses implements OperationCustomizer, GlobalOpenApiCustomizer {

	static final String SCHEMA = "ProblemDetail";

	private static final String MEDIA_TYPE = "application/problem+json";

	/** What any operation may answer with, whatever it does. */
	private static final List<ApiProblem> EVERY_OPERATION = List.of(ApiProblem.UNAUTHENTICATED,
			ApiProblem.AUDIT_UNAVAILABLE, ApiProblem.INTERNAL_ERROR);

	@Override
	public Operation customize(Operation operation, HandlerMethod handlerMethod) {
		Set<ApiProblem> problems = new LinkedHashSet<>();
		Answers answers = handlerMethod.getMethodAnnotation(Answers.class);
		if (answers != null) {
			problems.addAll(List.of(answers.value()));
		}
		problems.addAll(EVERY_OPERATION);
		Map<Integer, List<ApiProblem>> byStatus = new TreeMap<>();
		problems.forEach((problem) -> byStatus.computeIfAbsent(problem.status().value(), (status) -> new ArrayList<>())
			.add(problem));
		byStatus.forEach((status, answered) -> operation.getResponses().addApiResponse(status.toString(),
				response(answered)));
		return operation;
	}

	@Override
	public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents().addSchemas(SCHEMA, schema());
	}

	private static ApiResponse response(List<ApiProblem> problems) {
		MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA));
		List<String> codes = new ArrayList<>();
		for (ApiProblem problem : problems) {
			codes.add(problem.code());
			media.addExamples(problem.code(), new Example().summary(problem.title()).value(example(problem)));
		}
		return new ApiResponse().description(String.join(", ", codes) + ": " + describe(problems))
			.content(new Content().addMediaType(MEDIA_TYPE, media));
	}

	private static String describe(List<ApiProblem> problems) {
		List<String> titles = new ArrayList<>();
		problems.forEach((problem) -> titles.add(problem.title()));
		return String.join("; ", titles);
	}

	/** The problem as the API answers it, with the detail and properties a real answer has. */
	private static Map<String, Object> example(ApiProblem problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.type());
		body.put("title", problem.title());
		body.put("status", problem.status().value());
		body.put("detail", problem.detail());
		body.put("code", problem.code());
		switch (problem) {
			case INVALID_PARAMETER -> {
				// Ordered, as the API writes it: Map.of's order changes from one JVM to the next, and
				// the committed document must not.
				Map<String, Object> param = new LinkedHashMap<>();
				param.put("name", "workspaceName");
				param.put("reason", "must match \"" + dev.credbroker.azure.Segment.WORKSPACE.rule() + "\"");
				body.put("invalidParams", List.of(param));
			}
			case POLICY_DENIED -> body.put("reason", "no-grant");
			case REVEAL_DENIED -> {
				body.put("fields", List.of("userStorageKey"));
				body.put("reason", "reveal-not-granted");
			}
			case QUOTA_EXCEEDED -> body.put("team", "team-alpha");
			case UPSTREAM_UNAVAILABLE -> body.put("heldBack", "circuit-open");
			case UPSTREAM_AUTHORIZATION_FAILED -> {
				body.put("upstreamCode", "AuthorizationFailed");
				body.put("upstreamRequestId", "00000000-0000-0000-0000-000000000000");
			}
			default -> {
				// Type, title, status, detail and code only.
			}
		}
		return body;
	}

	private static Schema<?> schema() {
		return new ObjectSchema().description("RFC 9457 Problem Details; `code` is stable, branch on it")
			.addProperty("type", new StringSchema().description("urn:credential-broker:problem: and the code in kebab case"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema().description("For people; never a secret"))
			.addProperty("instance", new StringSchema())
			.addProperty("code", new StringSchema().description("The stable code, such as PolicyDenied"))
			.additionalProperties(true);
	}

}
