package dev.credbroker.api;

import java.util.List;
import java.util.Map;

import dev.credbroker.IntegrationTest;
import dev.credbroker.secrets.SecretKind;
import dev.credbroker.secrets.SecretKinds;
import dev.credbroker.support.AuditLog;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.credbroker.support.AzureStandIn.SUBSCRIPTION;
import static dev.credbroker.support.AzureStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kinds of secret beyond workspaces and computes, over real HTTP against the ARM stand-in: each
 * calls its operation at Azure's path and API version, shows its secret fields redacted and the
 * others in clear, checks its names before Azure is called, and is granted by kind.
 */
class SecretKindsIntegrationTests extends IntegrationTest {

	private static final String WORKSPACE = "/api/v1/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-alpha-1/workspaces/ws1";

	@Autowired
	private MeterRegistry meters;

	private static String api(SecretKind<?> kind, String name) {
		return WORKSPACE + "/" + kind.path().get(3).keyword() + "/" + name + "/" + kind.endpoint();
	}

	private static String role(String role) {
		return TestIssuer.token(TestIssuer.TRUSTED, "svc-" + role, Map.of("roles", List.of(role)));
	}

	/** Azure was asked once for the resource's secrets, at API version 2025-09-01 (these kinds' default), with no body. */
	private static void calledOnceWithoutABody(SecretKind<?> kind, String name, String action) {
		AzureStandIn.server()
			.verify(1, postRequestedFor(urlPathEqualTo(AzureStandIn.path(kind, "rg-alpha-1", "ws1", name) + "/" + action))
				.withQueryParam("api-version", equalTo("2025-09-01"))
				.withRequestBody(absent()));
	}

	@Nested
	class Endpoints {

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				ONLINE_ENDPOINT     | churn-scorer    | listKeys | online-endpoint-list-keys.json     | oe-PRIMARY-key-0001
				BATCH_ENDPOINT      | nightly_scoring | listkeys | batch-endpoint-list-keys.json      | be-PRIMARY-key-0001
				SERVERLESS_ENDPOINT | llama-chat      | listKeys | serverless-endpoint-list-keys.json | se-PRIMARY-key-0001
				""")
		void keysOfEachEndpointKindAreCalledAsAzureSpellsThemAndRedacted(String kindName, String name, String action,
				String fixture, String secret) {
			SecretKind<?> kind = kind(kindName);
			AzureStandIn.stub(kind, "rg-alpha-1", "ws1", name, fixture(fixture));

			Http.Response response = http.get(api(kind, name), token());

			assertThat(response.status()).isEqualTo(200);
			JsonNode body = response.json();
			assertThat(body.get("kind").asString()).isEqualTo(kind.name());
			assertThat(body.get("resourceId").asString()).isEqualTo(AzureStandIn.path(kind, "rg-alpha-1", "ws1", name));
			assertThat(body.get("secrets").propertyNames()).containsExactly("endpoint.primaryKey",
					"endpoint.secondaryKey");
			body.get("secrets").forEach((field) -> assertThat(field.get("redacted").asBoolean()).isTrue());
			assertThat(response.body()).doesNotContain(secret, "SECONDARY-key");
			calledOnceWithoutABody(kind, name, action);
		}

		@Test
		void nullKeysAreLeftOut() {
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT, "rg-alpha-1", "ws1", "empty-keys",
					fixture("online-endpoint-list-keys-nulls.json"));

			Http.Response response = http.get(api(SecretKinds.ONLINE_ENDPOINT, "empty-keys"), token());

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("secrets").isEmpty()).isTrue();
		}

		@Test
		void aTokensTypeAndTimesAreInClearWithoutRevealAndItsValueIsRedacted() {
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT_TOKEN, "rg-alpha-1", "ws1", "churn-scorer",
					fixture("online-endpoint-get-token.json"));
			AuditLog.Trace trace = AuditLog.trace();

			Http.Response response = http.get(api(SecretKinds.ONLINE_ENDPOINT_TOKEN, "churn-scorer"), token(),
					trace.header());

			assertThat(response.status()).isEqualTo(200);
			JsonNode secrets = response.json().get("secrets");
			assertThat(response.json().get("kind").asString()).isEqualTo("onlineEndpointToken");
			assertThat(secrets.propertyNames()).containsExactly("token.accessToken", "token.tokenType",
					"token.expiryTimeUtc", "token.refreshAfterTimeUtc");
			assertThat(secrets.get("token.accessToken").get("redacted").asBoolean()).isTrue();
			assertThat(secrets.get("token.tokenType").get("value").asString()).isEqualTo("Bearer");
			assertThat(secrets.get("token.tokenType").has("fingerprint")).isFalse();
			assertThat(secrets.get("token.expiryTimeUtc").get("value").asString()).isEqualTo("1");
			assertThat(response.body()).doesNotContain("oe-ACCESS-TOKEN");
			AzureStandIn.server()
				.verify(1, postRequestedFor(urlPathEqualTo(
						AzureStandIn.path(SecretKinds.ONLINE_ENDPOINT_TOKEN, "rg-alpha-1", "ws1", "churn-scorer") + "/token")));
			JsonNode record = trace.record();
			assertThat(record.get("action").asString()).isEqualTo("onlineEndpoint.getToken");
			assertThat(record.get("returned").valueStream()
				.map((field) -> field.get("field").asString() + "=" + field.get("disclosure").asString()))
				.containsExactly("token.accessToken=redacted", "token.tokenType=clear", "token.expiryTimeUtc=clear",
						"token.refreshAfterTimeUtc=clear");
			assertThat(record.toString()).doesNotContain("oe-ACCESS-TOKEN", "Bearer");
		}

		@Test
		void aTokenAlreadyPastItsExpiryIsServedOnceAndNotKept() {
			// Azure's own example expired in 1970: served as Azure answered, never from the cache.
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT_TOKEN, "rg-alpha-1", "ws1", "old-token",
					fixture("online-endpoint-get-token.json"));

			assertThat(http.get(api(SecretKinds.ONLINE_ENDPOINT_TOKEN, "old-token"), token()).status()).isEqualTo(200);
			Http.Response again = http.get(api(SecretKinds.ONLINE_ENDPOINT_TOKEN, "old-token"), token());

			assertThat(again.status()).isEqualTo(200);
			assertThat(again.header("Age")).isEmpty();
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		}

	}

	@Nested
	class Connections {

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				access-key        | accessKeyId                   | secretAccessKey
				account-key       |                               | key
				api-key           |                               | key
				custom-keys       |                               | keys.x-api-key, keys.client_token
				managed-identity  | clientId, resourceId          |
				oauth2            | authUrl, clientId, tenantId, username | clientSecret, developerToken, password, refreshToken
				pat               |                               | pat
				sas               |                               | sas
				service-principal | clientId, tenantId            | clientSecret
				username-password | username                      | password, securityToken
				aad               |                               |
				none              |                               |
				""")
		void eachAuthTypesCredentialsSecretAsMarkedTheRestInClear(String fixture, String clear, String secret) {
			AzureStandIn.stub(SecretKinds.CONNECTION, "rg-alpha-1", "ws1", "conn-" + fixture.replace("-", ""),
					fixture("connection-list-secrets-" + fixture + ".json"));

			Http.Response response = http.get(api(SecretKinds.CONNECTION, "conn-" + fixture.replace("-", "")), token());

			assertThat(response.status()).isEqualTo(200);
			JsonNode secrets = response.json().get("secrets");
			assertThat(secrets.get("connection.authType").has("value")).isTrue();
			assertThat(secrets.get("connection.category").has("value")).isTrue();
			assertThat(secrets.get("connection.target").get("value").asString()).startsWith("https://");
			for (String name : names(clear)) {
				assertThat(secrets.get("connection.credentials." + name).has("value")).as(name).isTrue();
			}
			for (String name : names(secret)) {
				assertThat(secrets.get("connection.credentials." + name).get("redacted").asBoolean()).as(name).isTrue();
			}
			assertThat(secrets.propertyNames()).filteredOn((name) -> name.startsWith("connection.credentials."))
				.hasSize(names(clear).size() + names(secret).size());
			assertThat(response.body()).doesNotContain("cn-");
			calledOnceWithoutABody(SecretKinds.CONNECTION, "conn-" + fixture.replace("-", ""), "listsecrets");
		}

		@Test
		void anAuthTypeWithoutAKnownSchemaGivesItsFieldsThatAreNotSecretAndAWarning() {
			AzureStandIn.stub(SecretKinds.CONNECTION, "rg-alpha-1", "ws1", "agent-tool",
					fixture("connection-list-secrets-unknown-auth-type.json"));
			double before = unknownSchemaCount("connection", "AgenticIdentityToken");

			Http.Response response = http.get(api(SecretKinds.CONNECTION, "agent-tool"), token());

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("secrets").propertyNames()).containsExactly("connection.authType",
					"connection.category", "connection.target", "connection.expiryTime");
			assertThat(response.body()).doesNotContain("cn-UNKNOWN", "ffffffff-0000");
			assertThat(unknownSchemaCount("connection", "AgenticIdentityToken")).isEqualTo(before + 1);
		}

		@Test
		void aCallerWithoutRevealGrantsNeedsNoneToSeeFieldsThatAreNotSecret() {
			AzureStandIn.stub(SecretKinds.CONNECTION, "rg-alpha-1", "ws1", "s3-archive",
					fixture("connection-list-secrets-access-key.json"));

			Http.Response response = http.get(api(SecretKinds.CONNECTION, "s3-archive")
					+ "?reveal=connection.target,connection.credentials.accessKeyId", token());

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("secrets").get("connection.credentials.accessKeyId").get("value").asString())
				.isEqualTo("AKIA-made-up-key-id-0001");
			assertThat(response.json().get("secrets").get("connection.credentials.secretAccessKey").get("redacted")
				.asBoolean()).isTrue();
		}

	}

	@Nested
	class Datastores {

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				account-key       | AccountKey       | datastore.key
				certificate       | Certificate      | datastore.certificate
				sas               | Sas              | datastore.sasToken
				service-principal | ServicePrincipal | datastore.clientSecret
				""")
		void eachSecretsTypeAsksForAnExpiringSecret(String fixture, String type, String field) {
			String name = "ds_" + fixture.replace("-", "_");
			AzureStandIn.stub(SecretKinds.DATASTORE, "rg-alpha-1", "ws1", name,
					fixture("datastore-list-secrets-" + fixture + ".json"));

			Http.Response response = http.get(api(SecretKinds.DATASTORE, name), token());

			assertThat(response.status()).isEqualTo(200);
			JsonNode secrets = response.json().get("secrets");
			assertThat(secrets.propertyNames()).containsExactly("datastore.secretsType", field);
			assertThat(secrets.get("datastore.secretsType").get("value").asString()).isEqualTo(type);
			assertThat(secrets.get(field).get("redacted").asBoolean()).isTrue();
			assertThat(response.body()).doesNotContain("ds-");
			AzureStandIn.server()
				.verify(1, postRequestedFor(
						urlPathEqualTo(AzureStandIn.path(SecretKinds.DATASTORE, "rg-alpha-1", "ws1", name) + "/listSecrets"))
					.withQueryParam("api-version", equalTo("2026-09-01"))
					.withHeader("Content-Type", equalTo("application/json"))
					.withRequestBody(equalToJson("{\"expirableSecret\": true, \"expireAfterHours\": 1}")));
		}

		@Test
		void aTypeWithoutAKnownSchemaGivesItsTypeOnly() {
			AzureStandIn.stub(SecretKinds.DATASTORE, "rg-alpha-1", "ws1", "ds-new",
					fixture("datastore-list-secrets-unknown-type.json"));
			double before = unknownSchemaCount("datastore", "ManagedIdentityToken");

			Http.Response response = http.get(api(SecretKinds.DATASTORE, "ds-new"), token());

			assertThat(response.json().get("secrets").propertyNames()).containsExactly("datastore.secretsType");
			assertThat(response.body()).doesNotContain("ds-UNKNOWN");
			assertThat(unknownSchemaCount("datastore", "ManagedIdentityToken")).isEqualTo(before + 1);
		}

	}

	@Nested
	class Names {

		@ParameterizedTest
		@CsvSource(delimiter = '|', textBlock = """
				ONLINE_ENDPOINT       | 1starts-with-a-digit | endpointName
				ONLINE_ENDPOINT       | under_score          | endpointName
				ONLINE_ENDPOINT_TOKEN | ab                   | endpointName
				BATCH_ENDPOINT        | -dash-first          | endpointName
				SERVERLESS_ENDPOINT   | dot.ted              | endpointName
				CONNECTION            | ab                   | connectionName
				DATASTORE             | data%20store         | datastoreName
				""")
		void aNameAgainstItsKindsRuleIsA400BeforeAzure(String kindName, String name, String parameter) {
			SecretKind<?> kind = kind(kindName);

			Http.Response response = http.get(api(kind, name), token());

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.json().get("code").asString()).isEqualTo("InvalidParameter");
			assertThat(response.json().get("invalidParams").get(0).get("name").asString()).isEqualTo(parameter);
			assertThat(AzureStandIn.armCalls()).isZero();
		}

		@Test
		void theLongestNamesEachRuleAllowsReachAzure() {
			String online = "e" + "-".repeat(30) + "1";
			String asset = "a".repeat(255);
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT, "rg-alpha-1", "ws1", online,
					fixture("online-endpoint-list-keys.json"));
			AzureStandIn.stub(SecretKinds.DATASTORE, "rg-alpha-1", "ws1", asset,
					fixture("datastore-list-secrets-sas.json"));

			assertThat(http.get(api(SecretKinds.ONLINE_ENDPOINT, online), token()).status()).isEqualTo(200);
			assertThat(http.get(api(SecretKinds.DATASTORE, asset), token()).status()).isEqualTo(200);
			assertThat(http.get(api(SecretKinds.ONLINE_ENDPOINT, online + "x"), token()).status()).isEqualTo(400);
			assertThat(http.get(api(SecretKinds.DATASTORE, asset + "x"), token()).status()).isEqualTo(400);
			assertThat(AzureStandIn.armCalls()).isEqualTo(2);
		}

	}

	@Nested
	class GrantsByKind {

		@Test
		void aGrantOnOnlineEndpointsOpensTheirKeysAndTokenAndNoConnection() {
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT, "rg-alpha-1", "ws1", "churn-scorer",
					fixture("online-endpoint-list-keys.json"));
			AzureStandIn.stub(SecretKinds.ONLINE_ENDPOINT_TOKEN, "rg-alpha-1", "ws1", "churn-scorer",
					fixture("online-endpoint-get-token.json"));
			AzureStandIn.stub(SecretKinds.CONNECTION, "rg-alpha-1", "ws1", "aoai-prod",
					fixture("connection-list-secrets-api-key.json"));
			String endpoints = role("team-endpoints");

			Http.Response keys = http.get(api(SecretKinds.ONLINE_ENDPOINT, "churn-scorer") + "?reveal=endpoint.primaryKey",
					endpoints);
			Http.Response token = http.get(api(SecretKinds.ONLINE_ENDPOINT_TOKEN, "churn-scorer"), endpoints);
			Http.Response connection = http.get(api(SecretKinds.CONNECTION, "aoai-prod"), endpoints);
			Http.Response batch = http.get(api(SecretKinds.BATCH_ENDPOINT, "churn-scorer"), endpoints);
			Http.Response otherGroup = http.get(
					api(SecretKinds.ONLINE_ENDPOINT, "churn-scorer").replace("rg-alpha-1", "rg-beta"), endpoints);

			assertThat(keys.status()).isEqualTo(200);
			assertThat(keys.json().get("secrets").get("endpoint.primaryKey").get("value").asString())
				.isEqualTo("oe-PRIMARY-key-0001-aGVsbG8gd29ybGQ=");
			assertThat(token.status()).isEqualTo(200);
			assertThat(token.json().get("secrets").get("token.tokenType").get("value").asString()).isEqualTo("Bearer");
			for (Http.Response denied : List.of(connection, batch, otherGroup)) {
				assertThat(denied.status()).isEqualTo(403);
				assertThat(denied.json().get("code").asString()).isEqualTo("PolicyDenied");
				assertThat(denied.json().get("reason").asString()).isEqualTo("no-grant");
			}
			assertThat(AzureStandIn.armCalls()).as("denied requests cost no ARM call").isEqualTo(2);
		}

		@Test
		void aGrantOnWorkspacesAndComputesOpensNoEndpoint() {
			String alpha = role("team-alpha");

			Http.Response response = http.get(api(SecretKinds.ONLINE_ENDPOINT, "churn-scorer"), alpha);

			assertThat(response.status()).isEqualTo(403);
			assertThat(response.json().get("reason").asString()).isEqualTo("no-grant");
			assertThat(AzureStandIn.armCalls()).isZero();
		}

		@Test
		void aSecretThePolicyDoesNotLetTheCallerRevealIsDeniedBeforeAzure() {
			String connections = role("team-connections");

			Http.Response denied = http.get(
					api(SecretKinds.CONNECTION, "s3-archive") + "?reveal=connection.credentials.secretAccessKey",
					connections);

			assertThat(denied.status()).isEqualTo(403);
			assertThat(denied.json().get("code").asString()).isEqualTo("RevealDenied");
			assertThat(AzureStandIn.armCalls()).isZero();
		}

		@Test
		void aRevealableConnectionKeyIsRevealed() {
			AzureStandIn.stub(SecretKinds.CONNECTION, "rg-alpha-1", "ws1", "aoai-prod",
					fixture("connection-list-secrets-api-key.json"));

			Http.Response response = http.get(api(SecretKinds.CONNECTION, "aoai-prod") + "?reveal=connection.credentials.key",
					role("team-connections"));

			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("secrets").get("connection.credentials.key").get("value").asString())
				.isEqualTo("cn-API-KEY-0001-0123456789abcdef");
		}

		@Test
		void theDryRunOfAnOnlineEndpointDecidesOnItsKeysAndItsToken() {
			String resourceId = AzureStandIn.path(SecretKinds.ONLINE_ENDPOINT, "rg-alpha-1", "ws1", "churn-scorer");

			Http.Response response = http.get("/api/v1/policy/decision?resourceId=" + resourceId
					+ "&reveal=endpoint.primaryKey,token.tokenType", role("team-endpoints"));

			assertThat(response.status()).isEqualTo(200);
			JsonNode decision = response.json();
			assertThat(decision.get("decision").asString()).isEqualTo("allow");
			assertThat(strings(decision.get("readable"))).containsExactly("endpoint.primaryKey",
					"endpoint.secondaryKey", "token.accessToken", "token.tokenType", "token.expiryTimeUtc",
					"token.refreshAfterTimeUtc");
			assertThat(strings(decision.get("revealable"))).containsExactly("endpoint.primaryKey");
			assertThat(strings(decision.get("revealed"))).containsExactly("endpoint.primaryKey");
			assertThat(strings(decision.get("revealDenied"))).isEmpty();
			Http.Response denied = http.get("/api/v1/policy/decision?resourceId=" + resourceId
					+ "&reveal=token.accessToken", role("team-endpoints"));
			assertThat(strings(denied.json().get("revealDenied"))).containsExactly("token.accessToken");
			assertThat(AzureStandIn.armCalls()).isZero();
		}

	}

	private double unknownSchemaCount(String kind, String type) {
		var counter = this.meters.find("broker.secrets.unknown.schema").tag("kind", kind).tag("type", type).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static List<String> names(String list) {
		return (list != null) ? List.of(list.split(", ")) : List.of();
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	private static SecretKind<?> kind(String constant) {
		try {
			return (SecretKind<?>) SecretKinds.class.getField(constant).get(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalArgumentException(constant, ex);
		}
	}

}
