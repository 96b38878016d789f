package dev.credbroker.api;

import java.util.List;

import dev.credbroker.IntegrationTest;
import dev.credbroker.azure.Segment;
import dev.credbroker.secrets.SecretKind;
import dev.credbroker.secrets.SecretKinds;
import dev.credbroker.support.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v3/api-docs} describes every endpoint with its parameters and their patterns, the bearer
 * JWT scheme, and the view and Problem Details schemas with examples.
 */
class OpenApiIntegrationTests extends IntegrationTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String WORKSPACE_KEYS = "/api/v1/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/workspaces/{workspaceName}/keys";

	@Test
	void describesTheApi() {
		Http.Response response = this.http.get("/v3/api-docs");

		assertThat(response.status()).isEqualTo(200);
		JsonNode api = response.json();
		assertThat(api.get("paths").propertyNames()).contains(WORKSPACE_KEYS,
				WORKSPACE_KEYS.replace("/keys", "/computes/{computeName}/keys"), "/api/v1/me",
				"/api/v1/policy/decision", "/api/v1/cache/evictions");
		assertThat(api.get("components").get("securitySchemes").get("bearer-jwt").get("scheme").asString())
			.isEqualTo("bearer");
		assertThat(api.get("security").get(0).has("bearer-jwt")).isTrue();

		JsonNode keys = api.get("paths").get(WORKSPACE_KEYS).get("get");
		assertThat(keys.get("parameters").valueStream()
			.filter((parameter) -> parameter.get("name").asString().equals("workspaceName"))
			.findFirst()
			.orElseThrow()
			.get("schema")
			.get("pattern")
			.asString()).isEqualTo("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$");
		assertThat(keys.get("parameters").valueStream().map((parameter) -> parameter.get("name").asString()))
			.containsExactly("subscriptionId", "resourceGroupName", "workspaceName", "fields", "reveal");
		assertThat(keys.get("parameters").valueStream().map((parameter) -> parameter.get("in").asString()))
			.containsExactly("path", "path", "path", "query", "query");
		JsonNode computeKeys = api.get("paths").get(WORKSPACE_KEYS.replace("/keys", "/computes/{computeName}/keys")).get("get");
		assertThat(computeKeys.get("parameters").valueStream().map((parameter) -> parameter.get("name").asString()))
			.containsExactly("subscriptionId", "resourceGroupName", "workspaceName", "computeName", "fields", "reveal");
		assertThat(computeKeys.get("parameters").get(3).get("schema").get("pattern").asString())
			.isEqualTo(dev.credbroker.azure.Segment.COMPUTE.rule());
		assertThat(computeKeys.get("parameters").get(3).get("required").asBoolean()).isTrue();
		assertThat(keys.get("parameters").get(3).get("description").asString()).contains("At most 32");
		JsonNode dryRun = api.get("paths").get("/api/v1/policy/decision").get("get");
		assertThat(dryRun.get("parameters").valueStream().map((parameter) -> parameter.get("name").asString()))
			.containsExactly("resourceId", "fields", "reveal");
		assertThat(keys.get("responses").get("200").get("content").toString()).contains("redacted", "hmac-sha256:");
		assertThat(keys.get("responses").propertyNames()).contains("400", "401", "403", "404", "429", "502", "503",
				"504");
		assertThat(keys.get("responses").get("403").get("content").get("application/problem+json").get("examples")
			.propertyNames()).containsExactly("PolicyDenied", "RevealDenied");
		assertThat(api.get("components").get("schemas").propertyNames()).contains("KeysView", "FieldView",
				"ProblemDetail");
	}

	@Test
	void describesEveryKindOfSecretWithItsRulesAndAnExample() {
		JsonNode paths = this.http.get("/v3/api-docs").json().get("paths");
		java.util.Set<String> operationIds = new java.util.HashSet<>();

		for (SecretKind<?> kind : SecretKinds.ALL) {
			JsonNode operation = paths.get("/api/v1" + kind.apiPath()).get("get");
			assertThat(operation).as(kind.name()).isNotNull();
			assertThat(operation.get("summary").asString()).isEqualTo(kind.title());
			assertThat(operationIds.add(operation.get("operationId").asString())).as("unique operation ids").isTrue();
			List<String> names = new java.util.ArrayList<>();
			kind.path().forEach((segment) -> names.add(segment.parameter()));
			names.addAll(List.of("fields", "reveal"));
			assertThat(operation.get("parameters").valueStream().map((parameter) -> parameter.get("name").asString()))
				.containsExactlyElementsOf(names);
			JsonNode reveal = operation.get("parameters").get(names.size() - 1);
			assertThat(kind.knownFields()).as("the reveal example names a field of the kind")
				.contains(reveal.get("example").asString());
			Segment last = kind.path().get(kind.path().size() - 1);
			assertThat(operation.get("parameters").get(kind.path().size() - 1).get("schema").get("pattern").asString())
				.isEqualTo(last.rule());
			JsonNode example = operation.at("/responses/200/content/application~1json/examples/" + kind.name() + "/value");
			JsonNode view = json.readTree(example.isString() ? example.asString() : example.toString());
			assertThat(view.get("kind").asString()).isEqualTo(kind.name());
			assertThat(view.get("resourceId").asString()).contains("/" + last.keyword() + "/");
			view.get("secrets").propertyNames().forEach((field) -> assertThat(
					kind.knownFields().contains(field) || kind.isAzureNamed(field)).as(field).isTrue());
		}
		assertThat(operationIds).contains("onlineEndpointKeys", "onlineEndpointToken", "connectionSecrets",
				"datastoreSecrets");
	}

	@Test
	void theUiIsServed() {
		Http.Response page = this.http.get("/swagger-ui/index.html");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("swagger-ui");
	}

}
