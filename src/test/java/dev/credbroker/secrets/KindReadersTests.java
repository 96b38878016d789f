package dev.credbroker.secrets;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.credbroker.azure.ConnectionSecrets;
import dev.credbroker.azure.DatastoreSecrets;
import dev.credbroker.azure.EndpointKeys;
import dev.credbroker.azure.EndpointToken;
import dev.credbroker.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readers of the endpoint, token, connection and datastore payloads, on every shape of Azure's
 * specification: each field named, secret or not as the kind says, nulls left out, and nothing
 * read from a type whose schema the broker does not know.
 */
class KindReadersTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@Test
	void endpointKeysOfEveryEndpointKind() {
		for (String fixture : List.of("online-endpoint-list-keys.json", "batch-endpoint-list-keys.json",
				"serverless-endpoint-list-keys.json")) {
			Map<String, SecretValue> fields = EndpointFields.KEYS.fields(read(fixture, EndpointKeys.class));
			assertThat(fields).containsOnlyKeys("endpoint.primaryKey", "endpoint.secondaryKey");
			assertThat(fields.get("endpoint.primaryKey").reveal()).contains("PRIMARY-key-0001");
		}
		assertThat(EndpointFields.KEYS.fields(read("online-endpoint-list-keys-nulls.json", EndpointKeys.class)))
			.isEmpty();
		assertThat(SecretKinds.ONLINE_ENDPOINT.known().clear()).isEmpty();
	}

	@Test
	void tokenFieldsAndItsValidity() {
		EndpointToken token = this.jsonMapper.readValue("""
				{"accessToken": "tok-0001", "tokenType": "Bearer", "expiryTimeUtc": 1764590400,
				 "refreshAfterTimeUtc": 1764588600, "somethingNew": true}""", EndpointToken.class);

		assertThat(revealed(EndpointFields.TOKEN.fields(token))).containsExactly(entry("token.accessToken", "tok-0001"),
				entry("token.tokenType", "Bearer"), entry("token.expiryTimeUtc", "1764590400"),
				entry("token.refreshAfterTimeUtc", "1764588600"));
		assertThat(EndpointFields.TOKEN.validity(token)).isEqualTo(new SecretKind.Validity(
				Instant.parse("2025-12-01T11:30:00Z"), Instant.parse("2025-12-01T12:00:00Z")));
		assertThat(SecretKinds.ONLINE_ENDPOINT_TOKEN.known().clear()).containsExactly("token.tokenType",
				"token.expiryTimeUtc", "token.refreshAfterTimeUtc");
	}

	@Test
	void tokenTimesThatSayNothingLeaveTheCachesOwnBounds() {
		EndpointToken nulls = read("online-endpoint-get-token-nulls.json", EndpointToken.class);
		assertThat(EndpointFields.TOKEN.fields(nulls)).containsOnlyKeys("token.expiryTimeUtc",
				"token.refreshAfterTimeUtc");
		assertThat(EndpointFields.TOKEN.validity(nulls)).isEqualTo(SecretKind.Validity.UNBOUNDED);
		EndpointToken absurd = new EndpointToken("t", "Bearer", Long.MAX_VALUE, -5L);
		assertThat(EndpointFields.TOKEN.validity(absurd)).isEqualTo(SecretKind.Validity.UNBOUNDED);
		// Azure's own example: expired in 1970.
		assertThat(EndpointFields.TOKEN.validity(read("online-endpoint-get-token.json", EndpointToken.class))
			.expiresAt()).isEqualTo(Instant.ofEpochSecond(1));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			access-key        | AccessKey        | accessKeyId=AKIA-made-up-key-id-0001, secretAccessKey=cn-SECRET-ACCESS-KEY-0001/abc
			account-key       | AccountKey       | key=cn-ACCOUNT-KEY-0001==
			api-key           | ApiKey           | key=cn-API-KEY-0001-0123456789abcdef
			custom-keys       | CustomKeys       | keys.x-api-key=cn-CUSTOM-KEY-one-0001, keys.client_token=cn-CUSTOM-KEY-two-0002
			managed-identity  | ManagedIdentity  | clientId=aaaaaaaa-0000-4000-8000-00000000c11d, resourceId=/subscriptions/00000000-0000-4000-8000-0000000000a1/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-demo
			oauth2            | OAuth2           | authUrl=https://accounts.google.com/o/oauth2/auth, clientId=bbbbbbbb-0000-4000-8000-00000000c11d, clientSecret=cn-OAUTH-CLIENT-SECRET-0001, developerToken=cn-OAUTH-DEVELOPER-TOKEN-0001, password=cn-OAUTH-PASSWORD-0001, refreshToken=cn-OAUTH-REFRESH-TOKEN-0001, tenantId=cccccccc-0000-4000-8000-00000000c11d, username=ads-robot
			pat               | PAT              | pat=cn-PAT-0001-ghp_made_up
			sas               | SAS              | sas=sv=2025-01-01&sig=cn-SAS-SIGNATURE-0001
			service-principal | ServicePrincipal | clientId=dddddddd-0000-4000-8000-00000000c11d, clientSecret=cn-SP-CLIENT-SECRET-0001, tenantId=eeeeeeee-0000-4000-8000-00000000c11d
			username-password | UsernamePassword | username=sf-integration, password=cn-USER-PASSWORD-0001, securityToken=cn-SECURITY-TOKEN-0001
			aad               | AAD              |
			none              | None             |
			""")
	void everyConnectionAuthType(String fixture, String authType, String credentials) {
		ConnectionSecrets connection = read("connection-list-secrets-" + fixture + ".json", ConnectionSecrets.class);

		Map<String, String> fields = revealed(ConnectionFields.READER.fields(connection));

		Map<String, String> expected = new LinkedHashMap<>();
		if (credentials != null) {
			for (String pair : credentials.split(", ")) {
				int equals = pair.indexOf('=');
				expected.put("connection.credentials." + pair.substring(0, equals), pair.substring(equals + 1));
			}
		}
		assertThat(fields).containsEntry("connection.authType", authType);
		assertThat(fields).containsKeys("connection.category", "connection.target");
		Map<String, String> credentialFields = new LinkedHashMap<>(fields);
		credentialFields.keySet().removeIf((name) -> !name.startsWith("connection.credentials."));
		assertThat(credentialFields).containsExactlyEntriesOf(expected);
		assertThat(ConnectionFields.READER.unknownSchema(connection)).isNull();
	}

	@Test
	void connectionCredentialsAreSecretAsTheSpecificationMarksThem() {
		Set<String> clear = SecretKinds.CONNECTION.known().clear();

		assertThat(clear).containsExactlyInAnyOrder("connection.authType", "connection.category",
				"connection.target", "connection.expiryTime", "connection.credentials.accessKeyId",
				"connection.credentials.clientId", "connection.credentials.resourceId", "connection.credentials.authUrl",
				"connection.credentials.tenantId", "connection.credentials.username");
		List<String> secret = List.of("connection.credentials.key", "connection.credentials.secretAccessKey",
				"connection.credentials.clientSecret", "connection.credentials.pat", "connection.credentials.sas",
				"connection.credentials.password", "connection.credentials.securityToken",
				"connection.credentials.refreshToken", "connection.credentials.developerToken");
		assertThat(SecretKinds.CONNECTION.knownFields()).containsAll(secret).containsAll(clear);
		assertThat(clear).doesNotContainAnyElementsOf(secret);
		assertThat(SecretKinds.CONNECTION.isAzureNamed("connection.credentials.keys.anything")).isTrue();
		assertThat(SecretKinds.CONNECTION.isAzureNamed("connection.credentials.other")).isFalse();
	}

	@Test
	void customKeyNamesThatWouldBreakFieldNamesAreDropped() {
		Map<String, SecretValue> fields = ConnectionFields.READER
			.fields(read("connection-list-secrets-custom-keys.json", ConnectionSecrets.class));

		assertThat(fields.keySet()).filteredOn((name) -> name.startsWith("connection.credentials."))
			.containsExactly("connection.credentials.keys.x-api-key", "connection.credentials.keys.client_token");
	}

	@Test
	void anAuthTypeWithoutAKnownSchemaYieldsItsFieldsThatAreNotSecretOnly() {
		ConnectionSecrets connection = read("connection-list-secrets-unknown-auth-type.json", ConnectionSecrets.class);

		assertThat(revealed(ConnectionFields.READER.fields(connection))).containsOnlyKeys("connection.authType",
				"connection.category", "connection.target", "connection.expiryTime");
		assertThat(ConnectionFields.READER.unknownSchema(connection)).isEqualTo("AgenticIdentityToken");
		ConnectionSecrets none = this.jsonMapper.readValue("{}", ConnectionSecrets.class);
		assertThat(ConnectionFields.READER.fields(none)).isEmpty();
		assertThat(ConnectionFields.READER.unknownSchema(none)).isEqualTo("null");
	}

	@Test
	void connectionNulls() {
		ConnectionSecrets connection = read("connection-list-secrets-nulls.json", ConnectionSecrets.class);

		assertThat(ConnectionFields.READER.fields(connection)).containsOnlyKeys("connection.authType");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			account-key       | AccountKey       | datastore.key          | ds-ACCOUNT-KEY-0001==
			certificate       | Certificate      | datastore.certificate  | ds-CERTIFICATE-0001-MIIC-made-up
			sas               | Sas              | datastore.sasToken     | sv=2025-01-01&se=2026-12-01T19%3A00%3A00Z&sig=ds-SAS-SIGNATURE-0001
			service-principal | ServicePrincipal | datastore.clientSecret | ds-SP-CLIENT-SECRET-0001
			""")
	void everyDatastoreSecretsType(String fixture, String type, String field, String value) {
		DatastoreSecrets secrets = read("datastore-list-secrets-" + fixture + ".json", DatastoreSecrets.class);

		assertThat(revealed(DatastoreFields.READER.fields(secrets)))
			.containsExactly(entry("datastore.secretsType", type), entry(field, value));
		assertThat(DatastoreFields.READER.unknownSchema(secrets)).isNull();
		assertThat(SecretKinds.DATASTORE.known().clear()).containsExactly("datastore.secretsType");
	}

	@Test
	void aDatastoreSecretsTypeTheBrokerDoesNotKnowYieldsItsTypeOnly() {
		DatastoreSecrets secrets = read("datastore-list-secrets-unknown-type.json", DatastoreSecrets.class);

		assertThat(revealed(DatastoreFields.READER.fields(secrets)))
			.containsExactly(entry("datastore.secretsType", "ManagedIdentityToken"));
		assertThat(DatastoreFields.READER.unknownSchema(secrets)).isEqualTo("ManagedIdentityToken");
		assertThat(revealed(DatastoreFields.READER
			.fields(read("datastore-list-secrets-nulls.json", DatastoreSecrets.class))))
			.containsExactly(entry("datastore.secretsType", "Sas"));
	}

	@Test
	void everyKindHasADistinctNameAndEveryFieldOneSecrecy() {
		assertThat(SecretKinds.ALL).extracting(SecretKind::name).doesNotHaveDuplicates();
		assertThat(SecretKinds.ALL).extracting((kind) -> kind.operation().name()).doesNotHaveDuplicates();
		assertThat(SecretKinds.ALL.stream().map(SecretKind::apiPath)).doesNotHaveDuplicates();
	}

	private <T> T read(String fixture, Class<T> type) {
		return this.jsonMapper.readValue(Fixtures.azure(fixture), type);
	}

	private static Map<String, String> revealed(Map<String, SecretValue> fields) {
		Map<String, String> revealed = new LinkedHashMap<>();
		fields.forEach((name, value) -> revealed.put(name, value.reveal()));
		return revealed;
	}

}
