package dev.credbroker.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's contract is the committed {@code docs/openapi.yaml}: generated clients and reviewers
 * read that file, so a change to the API must show in its diff. This test fails when the running
 * application's document differs from it; run it with {@code -Dopenapi.refresh=true} to rewrite the
 * file, then review and commit the diff.
 */
class OpenApiContractTests extends IntegrationTest {

	private static final Path CONTRACT = Path.of("docs/openapi.yaml");

	@Test
	void theCommittedContractIsTheRunningApis() throws IOException {
		Http.Response response = this.http.get("/v3/api-docs.yaml");
		assertThat(response.status()).isEqualTo(200);
		String running = response.body();
		if (Boolean.getBoolean("openapi.refresh")) {
			Files.writeString(CONTRACT, running, StandardCharsets.UTF_8);
		}
		String committed = Files.exists(CONTRACT) ? Files.readString(CONTRACT, StandardCharsets.UTF_8) : "";
		assertThat(running).as("docs/openapi.yaml differs from the running API. If the change is meant, refresh it: "
				+ "./mvnw test -Dtest=OpenApiContractTests -Dopenapi.refresh=true, then review and commit the diff")
			.isEqualTo(committed);
	}

	@Test
	void everyOperationIsDescribedForCallersAndClientGenerators() {
		JsonNode api = this.http.get("/v3/api-docs").json();
		assertThat(api.get("paths").propertyNames()).allMatch((path) -> path.startsWith("/api/"));
		assertThat(api.get("servers").get(0).get("url").asString()).isEqualTo("/");
		List<String> operationIds = new ArrayList<>();
		api.get("paths").forEachEntry((path, item) -> item.forEachEntry((method, operation) -> {
			String where = method + " " + path;
			operationIds.add(operation.get("operationId").asString());
			assertThat(operation.get("operationId").asString()).as(where).matches("[a-z][A-Za-z]+");
			assertThat(operation.get("summary").asString()).as(where).isNotBlank();
			assertThat(operation.get("description").asString()).as(where).isNotBlank();
			assertThat(operation.get("tags").valueStream().map(JsonNode::asString)).as(where)
				.singleElement()
				.isIn("Secrets", "Policy", "Cache", "Identity");
			assertThat(operation.get("responses").propertyNames()).as(where).contains("200", "401", "500", "503");
			operation.get("responses").forEachEntry((status, answer) -> {
				if (Integer.parseInt(status) >= 400) {
					JsonNode problem = answer.get("content").get("application/problem+json");
					assertThat(problem.get("schema").get("$ref").asString()).as(where + " " + status)
						.isEqualTo("#/components/schemas/ProblemDetail");
					assertThat(problem.get("examples").size()).as(where + " " + status).isPositive();
					problem.get("examples").forEachEntry((code, example) -> {
						assertThat(example.get("value").get("code").asString()).isEqualTo(code);
						assertThat(example.get("value").get("status").asInt()).isEqualTo(Integer.parseInt(status));
						assertThat(example.get("value").get("type").asString())
							.startsWith("urn:credential-broker:problem:");
					});
				}
			});
		}));
		assertThat(operationIds).doesNotHaveDuplicates()
			.contains("workspaceKeys", "computeKeys", "policyDecision", "evictCache", "me");
		assertThat(api.get("components").get("securitySchemes").get("bearer-jwt").get("description").asString())
			.contains("api://<broker-app-id>/.default", "service-account token");
	}

	@Test
	void theExamplesAreTheAnswersTheApiGives() {
		// An error body of the running API has the example's type, title and code for its code.
		Http.Response denied = this.http.get(
				"/api/v1/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg/workspaces/ws-none/keys",
				"not-a-token");
		JsonNode example = this.http.get("/v3/api-docs")
			.json()
			.get("paths")
			.get("/api/v1/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/workspaces/{workspaceName}/keys")
			.get("get")
			.get("responses")
			.get("401")
			.get("content")
			.get("application/problem+json")
			.get("examples")
			.get("Unauthenticated")
			.get("value");
		assertThat(denied.status()).isEqualTo(401);
		JsonNode body = denied.json();
		for (String field : new String[] { "type", "title", "status", "code" }) {
			assertThat(body.get(field)).as(field).isEqualTo(example.get(field));
		}
	}

}
