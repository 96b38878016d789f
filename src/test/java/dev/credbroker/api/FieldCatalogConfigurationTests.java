package dev.credbroker.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.credbroker.policy.FieldPattern;
import dev.credbroker.policy.Policies;
import dev.credbroker.policy.Policy;
import dev.credbroker.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FieldCatalogConfigurationTests {

	@ParameterizedTest
	@ValueSource(strings = { "userStorageKey", "notebook.*", "containerRegistry.**", "**", "aks.*", "vm.username",
			"*.username", "containerRegistry.passwords.*", "containerRegistry.passwords.acr-token", "endpoint.*",
			"token.tokenType", "connection.credentials.clientSecret", "connection.credentials.keys.x-api-key",
			"connection.**", "datastore.sasToken" })
	void patternsThatMayMatchAField(String text) {
		assertThat(FieldCatalogConfiguration.mayMatch(FieldPattern.parse(text))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "notebook.primaryKey", "aks.userKubeconfig", "UserStorageKey", "containerRegistry.password",
			"vm.*.x", "databricks", "endpoint.primarykey", "token.refreshToken", "connection.credentials.apiKey",
			"datastore.accountKey" })
	void misspeltFieldsMatchNothing(String text) {
		assertThat(FieldCatalogConfiguration.mayMatch(FieldPattern.parse(text))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/dev/credbroker/policy/test-policies.yaml", "/dev/credbroker/policy/issue-example.yaml",
			"/dev/credbroker/policy/resilience-policies.yaml", "/dev/credbroker/local/policies.yaml" })
	void everyPatternOfThePoliciesWeShipOrTestWithMatchesAField(String path) {
		Policy policy = Policies.load(path, Fixtures.resource(path).getBytes(StandardCharsets.UTF_8));

		assertThat(policy.patternsMatchingNothing(FieldCatalogConfiguration::mayMatch)).isEmpty();
	}

	@Test
	void everyPatternOfTheBenchmarksPolicyMatchesAField() throws IOException {
		Path bench = Path.of("bench/policies.yaml");
		Policy policy = Policies.load(bench.toString(), Files.readAllBytes(bench));

		assertThat(policy.patternsMatchingNothing(FieldCatalogConfiguration::mayMatch)).isEmpty();
	}

}
