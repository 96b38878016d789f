package dev.credbroker.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.credbroker.audit.AuditProperties;
import dev.credbroker.azure.ArmProperties;
import dev.credbroker.deploy.ChartRendering.BrokerMetadata;
import dev.credbroker.deploy.ChartRendering.Manifests;
import dev.credbroker.deploy.ChartRendering.PolicyFile;
import dev.credbroker.policy.PolicyProperties;
import dev.credbroker.secrets.CacheProperties;
import dev.credbroker.secrets.RedactionProperties;
import dev.credbroker.security.BrokerSecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.bind.Binder;

import static dev.credbroker.deploy.ChartRendering.FULL_VALUES;
import static dev.credbroker.deploy.ChartRendering.NAMESPACE;
import static dev.credbroker.deploy.ChartRendering.base64;
import static dev.credbroker.deploy.ChartRendering.env;
import static dev.credbroker.deploy.ChartRendering.full;
import static dev.credbroker.deploy.ChartRendering.labels;
import static dev.credbroker.deploy.ChartRendering.mounted;
import static dev.credbroker.deploy.ChartRendering.strings;
import static dev.credbroker.deploy.ChartRendering.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart rendered once with a values file that sets every option, as one for AKS would
 * ({@code full-values.yaml}): every optional object, and every broker setting bound as its
 * properties bind it.
 */
class ChartFullValuesTests {

	private final Manifests manifests = full();

	@Test
	void rendersEveryOptionalObjectToo() {
		assertThat(this.manifests.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "ConfigMap",
				"Service", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy",
				"ServiceMonitor", "PrometheusRule", "ConfigMap");
		assertThat(this.manifests.deployment().at("/metadata/name").asString()).isEqualTo("credential-broker");
	}

	@Test
	void usesWorkloadIdentity() {
		JsonNode account = this.manifests.one("ServiceAccount");
		assertThat(account.at("/metadata/name").asString()).isEqualTo("credential-broker-sa");
		JsonNode annotations = account.at("/metadata/annotations");
		assertThat(annotations.path("azure.workload.identity/client-id").asString())
			.isEqualTo("6f0c5a4e-1b2c-4d3e-8f90-a1b2c3d4e5f6");
		assertThat(annotations.path("azure.workload.identity/tenant-id").asString())
			.isEqualTo("72f988bf-86f1-41af-91ab-2d7cd011db47");
		assertThat(annotations.path("team").asString()).isEqualTo("platform");
		assertThat(this.manifests.podSpec().path("serviceAccountName").asString()).isEqualTo("credential-broker-sa");
		assertThat(this.manifests.deployment().at("/spec/template/metadata/labels")
			.path("azure.workload.identity/use").asString()).isEqualTo("true");
		JsonNode credential = this.manifests.applicationConfig().at("/spring/cloud/azure/credential");
		assertThat(credential.path("managed-identity-enabled").asBoolean()).isTrue();
		assertThat(credential.path("client-id").asString()).isEqualTo("6f0c5a4e-1b2c-4d3e-8f90-a1b2c3d4e5f6");
	}

	@Test
	void rendersEveryBrokerSettingAsItsPropertiesBindIt() {
		Binder binder = this.manifests.binder();
		BrokerSecurityProperties security = binder.bind("broker.security", BrokerSecurityProperties.class).get();
		assertThat(security.issuers()).containsExactly(
				"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
				"https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/");
		assertThat(security.audiences()).containsExactly("api://credential-broker");
		assertThat(security.clockSkew()).isEqualTo(Duration.ofSeconds(30));
		ArmProperties arm = binder.bind("broker.arm", ArmProperties.class).get();
		assertThat(arm.endpoint()).hasToString("https://management.usgovcloudapi.net");
		assertThat(arm.scope()).isEqualTo("https://management.usgovcloudapi.net/.default");
		assertThat(arm.apiVersions().workspaces()).isEqualTo("2025-06-01");
		assertThat(arm.apiVersions().computes()).isEqualTo("2025-06-01");
		assertThat(arm.apiVersions()).isEqualTo(new ArmProperties.ApiVersions("2025-06-01", "2025-06-01", "2025-12-01",
				"2025-12-01", "2025-12-01", "2026-07-01", "2025-12-01"));
		assertThat(arm.datastores().expireAfterHours()).isEqualTo(6);
		assertThat(arm.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(arm.responseTimeout()).isEqualTo(Duration.ofSeconds(15));
		assertThat(arm.budget().maxWait()).isEqualTo(Duration.ofMillis(750));
		assertThat(binder.bind("broker.cache", CacheProperties.class).get())
			.isEqualTo(new CacheProperties(Duration.ofMinutes(10), Duration.ofHours(2), 5000, Duration.ofSeconds(45)));
		AuditProperties audit = binder.bind("broker.audit", AuditProperties.class).get();
		assertThat(audit.sink()).isEqualTo(AuditProperties.Sink.FILE);
		assertThat(audit.file().path()).isEqualTo(Path.of("/var/log/credential-broker/audit.jsonl"));
		assertThat(binder.bind("broker.policy", PolicyProperties.class).get().reloadInterval())
			.isEqualTo(Duration.ofSeconds(5));
		JsonNode r4j = this.manifests.applicationConfig().path("resilience4j");
		assertThat(r4j.at("/timelimiter/instances/arm/timeout-duration").asString()).isEqualTo("25s");
		assertThat(r4j.at("/retry/instances/arm/max-attempts").asInt()).isEqualTo(4);
		assertThat(r4j.at("/circuitbreaker/instances/arm/wait-duration-in-open-state").asString()).isEqualTo("45s");
		assertThat(r4j.at("/bulkhead/instances/arm/max-concurrent-calls").asInt()).isEqualTo(8);
		assertThat(this.manifests.applicationConfig().at("/logging/level").path("dev.credbroker").asString())
			.as("extraConfig is merged in")
			.isEqualTo("DEBUG");
		assertThat(BrokerMetadata.unknownBrokerKeys(this.manifests.applicationConfig())).isEmpty();
	}

	@Test
	void splitsTheFleetsArmBudgetOverTheAutoscalersMaximum() {
		ArmProperties.Budget budget = this.manifests.binder().bind("broker.arm", ArmProperties.class).get().budget();
		assertThat(budget.ratePerSecond()).isEqualTo(9.0 / 6);
		assertThat(budget.burst()).isEqualTo(180 / 6);
	}

	@Test
	void takesBothKeysFromTheExistingSecretAsFiles(@TempDir Path directory) throws IOException {
		assertThat(this.manifests.find("Secret")).isEmpty();
		JsonNode volume = this.manifests.volume("keys").path("secret");
		assertThat(volume.path("secretName").asString()).isEqualTo("credential-broker-keys");
		assertThat(volume.path("items").valueStream().map((item) -> item.path("key").asString() + " -> "
				+ item.path("path").asString()))
			.containsExactlyInAnyOrder("audit-chain -> broker.audit.chain-key",
					"fingerprints -> broker.redaction.fingerprint-key");
		assertThat(this.manifests.container().toString()).doesNotContain("secretKeyRef");
		JsonNode secret = yaml.readTree("""
				data:
				  audit-chain: %s
				  fingerprints: %s
				""".formatted(base64("c".repeat(40)), base64("f".repeat(40))));
		Binder binder = mounted(volume, secret, directory);
		assertThat(binder.bind("broker.audit", AuditProperties.class).get().chainKey()).isEqualTo("c".repeat(40));
		assertThat(binder.bind("broker.redaction", RedactionProperties.class).get().fingerprintKey())
			.isEqualTo("f".repeat(40));
	}

	@Test
	void mountsAWritableAuditDirectoryOfItsOwnOnTheClaimForEachPod() {
		JsonNode mount = this.manifests.mount("audit");
		assertThat(mount.path("mountPath").asString()).isEqualTo("/var/log/credential-broker");
		assertThat(mount.path("readOnly").asBoolean()).isFalse();
		assertThat(this.manifests.volume("audit").at("/persistentVolumeClaim/claimName").asString())
			.isEqualTo("credential-broker-audit");
		// Kubernetes expands $(POD_NAME) from the container's environment: the pod's own name.
		assertThat(mount.path("subPathExpr").asString()).isEqualTo("$(POD_NAME)");
		assertThat(this.manifests.envVar("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asString())
			.isEqualTo("metadata.name");
		assertThat(this.manifests.binder().bind("broker.audit", AuditProperties.class).get().file().path())
			.isEqualTo(Path.of(mount.path("mountPath").asString(), "audit.jsonl"));
	}

	@Test
	void rendersAServiceMonitorOfTheManagementPort() {
		JsonNode monitor = this.manifests.one("ServiceMonitor");
		assertThat(monitor.path("apiVersion").asString()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(monitor.at("/metadata/namespace").asString()).isEqualTo("observability");
		assertThat(monitor.at("/metadata/labels/release").asString()).isEqualTo("kube-prometheus-stack");
		assertThat(strings(monitor.at("/spec/namespaceSelector/matchNames"))).containsExactly(NAMESPACE);
		assertThat(labels(this.manifests.one("Service").at("/metadata/labels")))
			.containsAllEntriesOf(labels(monitor.at("/spec/selector/matchLabels")));
		JsonNode endpoint = monitor.at("/spec/endpoints/0");
		assertThat(endpoint.path("port").asString()).isEqualTo("management");
		assertThat(endpoint.path("path").asString()).isEqualTo("/actuator/prometheus");
		assertThat(endpoint.path("interval").asString()).isEqualTo("15s");
		assertThat(endpoint.path("scrapeTimeout").asString()).isEqualTo("5s");
	}

	@Test
	void narrowsTheNetworkPolicyAsConfigured() {
		JsonNode spec = this.manifests.one("NetworkPolicy").path("spec");
		assertThat(labels(spec.at("/ingress/0/from/0/podSelector/matchLabels")))
			.containsExactly(Map.entry("credential-broker/access", "true"));
		assertThat(labels(spec.at("/ingress/1/from/0/namespaceSelector/matchLabels")))
			.containsExactly(Map.entry("kubernetes.io/metadata.name", "observability"));
		JsonNode egress = spec.path("egress");
		assertThat(egress.size()).as("DNS, HTTPS and the extra rule; no identity endpoint").isEqualTo(3);
		assertThat(egress.at("/1/to").valueStream().map((to) -> to.at("/ipBlock/cidr").asString()))
			.containsExactly("10.0.0.0/8", "20.0.0.0/6");
		assertThat(egress.at("/2/ports/0/port").asInt()).isEqualTo(8443);
		assertThat(egress.toString()).doesNotContain("169.254.169.254");
	}

	@Test
	void appliesTheSchedulingRolloutAndDisruptionSettings() {
		JsonNode hpa = this.manifests.one("HorizontalPodAutoscaler").path("spec");
		assertThat(hpa.path("minReplicas").asInt()).isEqualTo(3);
		assertThat(hpa.path("maxReplicas").asInt()).isEqualTo(6);
		assertThat(hpa.at("/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(60);
		assertThat(hpa.at("/behavior/scaleDown/stabilizationWindowSeconds").asInt()).isEqualTo(300);
		JsonNode pdb = this.manifests.one("PodDisruptionBudget").path("spec");
		assertThat(pdb.path("minAvailable").asInt()).isEqualTo(2);
		assertThat(pdb.has("maxUnavailable")).isFalse();
		JsonNode pod = this.manifests.podSpec();
		assertThat(pod.at("/topologySpreadConstraints/0/whenUnsatisfiable").asString()).isEqualTo("DoNotSchedule");
		assertThat(pod.at("/topologySpreadConstraints/1/whenUnsatisfiable").asString()).isEqualTo("ScheduleAnyway");
		assertThat(pod.path("priorityClassName").asString()).isEqualTo("platform-critical");
		assertThat(pod.at("/nodeSelector").path("kubernetes.io/os").asString()).isEqualTo("linux");
		assertThat(pod.at("/tolerations/0/key").asString()).isEqualTo("workload");
		assertThat(pod.at("/affinity/nodeAffinity").isObject()).isTrue();
		assertThat(pod.at("/imagePullSecrets/0/name").asString()).isEqualTo("acr-pull");
		assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isEqualTo(60);
		JsonNode container = this.manifests.container();
		assertThat(container.path("image").asString()).isEqualTo("crcredbroker.azurecr.io/credential-broker:1.4.2");
		assertThat(container.path("imagePullPolicy").asString()).isEqualTo("Always");
		assertThat(strings(container.at("/lifecycle/preStop/exec/command"))).containsExactly("sleep", "10");
		assertThat(container.at("/resources/limits/memory").asString()).isEqualTo("1536Mi");
		assertThat(env(container)).containsEntry("JDK_JAVA_OPTIONS", "-XX:+PrintFlagsFinal")
			.containsEntry("SPRING_PROFILES_ACTIVE", "k8s,aks");
		assertThat(this.manifests.deployment().at("/spec/strategy/rollingUpdate/maxSurge").asInt()).isEqualTo(2);
		JsonNode template = this.manifests.deployment().at("/spec/template/metadata");
		assertThat(template.at("/labels/cost-center").asString()).isEqualTo("platform");
		assertThat(template.at("/annotations").path("cluster-autoscaler.kubernetes.io/safe-to-evict").asString())
			.isEqualTo("true");
		assertThat(template.at("/annotations").path("checksum/config").asString()).matches("[0-9a-f]{64}");
	}

	@Test
	void rendersTheInlinePolicyAsAFileTheBrokersSchemaAccepts() throws IOException {
		String file = this.manifests.configMap("-policy").at("/data/policies.yaml").asString();
		assertThat(PolicyFile.validate(file)).isEmpty();
		JsonNode expected = yaml.readTree(Files.readString(FULL_VALUES)).at("/broker/policy/inline");
		assertThat(yaml.readTree(file)).isEqualTo(expected);
	}

}
