package dev.credbroker.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.credbroker.deploy.ChartRendering.render;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Values the chart refuses to render: those its schema forbids, and combinations its templates
 * check.
 */
class ChartRefusedValuesTests {

	private static final String SCHEMA_REFUSAL = "values don't meet the specifications of the schema";

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', value = { "replicaCunt | 2", "autoscaling.maxReplicas | 0",
			"replicaCount | 0", "broker.audit.sink | syslog", "broker.cache.ttl | 5minutes",
			"broker.arm.budget.fleetRatePerSecond | 0", "broker.arm.budget.fleetBurst | 0",
			"broker.arm.budget.fleetBurst | 1.5", "broker.security.issuers[0] | ftp://issuer.example",
			"azure.workloadIdentity.clientId | not-a-guid", "securityContext.readOnlyRootFilesystem | false",
			"securityContext.allowPrivilegeEscalation | true", "podSecurityContext.runAsNonRoot | false",
			"logFormat | xml", "image.digest | sha256:abc", "broker.policy.existingConfigMap | Team_Policies",
			"topologySpread.zones.whenUnsatisfiable | Never", "service.port | 70000",
			"broker.arm.apiVersions.computes | latest", "broker.audit.file.existingClaim | Audit_Claim",
			"broker.keys.existingSecretKeys.chainKey | chain/key", "broker.keys.existingSecret | Broker_Keys" })
	void refusesValuesThatBreakTheSchema(String key, String value) {
		assertThatIllegalStateException().isThrownBy(() -> render((helm) -> helm.set(key, value)))
			.withMessageContaining(SCHEMA_REFUSAL)
			.withMessageContaining(key.replaceAll("\\[\\d+]", ""));
	}

	@Test
	void refusesTheFingerprintKeysFormerValueRatherThanIgnoringIt() {
		assertThatIllegalStateException()
			.isThrownBy(() -> render((helm) -> helm.set("broker.redaction.existingSecret", "fingerprint")))
			.withMessageContaining(SCHEMA_REFUSAL)
			.withMessageContaining("redaction");
	}

	@Test
	void refusesMoreMinimumThanMaximumReplicas() {
		assertThatIllegalStateException()
			.isThrownBy(() -> render((helm) -> helm.set("autoscaling.minReplicas", 5)))
			.withMessageContaining("autoscaling.minReplicas (5) must not exceed autoscaling.maxReplicas (4)");
	}

	@Test
	void refusesTheManagementPortOnTheApisPort() {
		assertThatIllegalStateException()
			.isThrownBy(() -> render((helm) -> helm.set("service.managementPort", 8080)))
			.withMessageContaining("service.managementPort must differ from service.port (8080)");
	}

	@Test
	void refusesAnAuditFileOnAVolumeThatGoesWithItsPod() {
		assertThatIllegalStateException().isThrownBy(() -> render((helm) -> helm.set("broker.audit.sink", "file")))
			.withMessageContaining("broker.audit.sink=file needs broker.audit.file.existingClaim");
	}

	@Test
	void refusesAnAuditFileWithoutADirectoryOfItsOwn() {
		assertThatIllegalStateException()
			.isThrownBy(() -> render((helm) -> helm.set("broker.audit.sink", "file")
				.set("broker.audit.file.existingClaim", "audit-claim")
				.set("broker.audit.file.path", "/tmp/audit.jsonl")))
			.withMessageContaining("broker.audit.file.path needs a directory of its own");
	}

	@Test
	void refusesAnUnnamedExistingServiceAccount() {
		assertThatIllegalStateException()
			.isThrownBy(() -> render((helm) -> helm.set("serviceAccount.create", false)))
			.withMessageContaining("serviceAccount.name must name an existing ServiceAccount");
	}

	@Test
	void refusesACredentialOfAnotherIdentityThanTheFederatedOne() {
		assertThatIllegalStateException()
			.isThrownBy(() -> render(
					(helm) -> helm.set("azure.workloadIdentity.clientId", "6f0c5a4e-1b2c-4d3e-8f90-a1b2c3d4e5f6")
						.set("azure.managedIdentity.clientId", "00000000-0000-0000-0000-000000000001")))
			.withMessageContaining("is not federated with its ServiceAccount");
	}

}
