package dev.credbroker.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
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

import static dev.credbroker.deploy.ChartRendering.CHART;
import static dev.credbroker.deploy.ChartRendering.decoded;
import static dev.credbroker.deploy.ChartRendering.defaults;
import static dev.credbroker.deploy.ChartRendering.env;
import static dev.credbroker.deploy.ChartRendering.labels;
import static dev.credbroker.deploy.ChartRendering.mounted;
import static dev.credbroker.deploy.ChartRendering.ports;
import static dev.credbroker.deploy.ChartRendering.read;
import static dev.credbroker.deploy.ChartRendering.render;
import static dev.credbroker.deploy.ChartRendering.strings;
import static dev.credbroker.deploy.ChartRendering.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart as it ships: linted strictly by real Helm in-process (helm-java's native library: no
 * Helm binary, no cluster, no network), and rendered once with its default values. The rendered
 * application.yaml is bound to the broker's own configuration properties, as Spring Boot would
 * bind it in the pod.
 */
class ChartDefaultsTests {

	private final Manifests manifests = defaults();

	@Test
	void lintPassesStrictly() {
		LintResult result = new Helm(CHART).lint().strict().call();
		assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[ERROR]")
				|| message.contains("[WARNING]"));
	}

	@Test
	void chartHasItsParts() {
		assertThat(CHART.resolve("Chart.yaml")).isRegularFile();
		assertThat(CHART.resolve("values.yaml")).isRegularFile();
		assertThat(CHART.resolve("values.schema.json")).isRegularFile();
		assertThat(CHART.resolve("templates/NOTES.txt")).isRegularFile();
		JsonNode chart = yaml.readTree(read(CHART.resolve("Chart.yaml")));
		assertThat(chart.path("apiVersion").asString()).isEqualTo("v2");
		assertThat(chart.path("name").asString()).isEqualTo("credential-broker");
	}

	@Test
	void rendersTheObjectsOfAnInstall() {
		assertThat(this.manifests.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "ConfigMap",
				"Secret", "Service", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy");
		assertThat(this.manifests.find("ServiceMonitor")).isEmpty();
	}

	@Test
	void autoscalesByDefaultFromTwoReplicasWhileTheDeploymentLeavesTheCountToIt() {
		JsonNode hpa = this.manifests.one("HorizontalPodAutoscaler");
		assertThat(hpa.path("apiVersion").asString()).isEqualTo("autoscaling/v2");
		assertThat(hpa.at("/spec/scaleTargetRef/kind").asString()).isEqualTo("Deployment");
		assertThat(hpa.at("/spec/scaleTargetRef/name").asString())
			.isEqualTo(this.manifests.deployment().at("/metadata/name").asString());
		assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
		assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(4);
		JsonNode metric = hpa.at("/spec/metrics/0");
		assertThat(metric.at("/resource/name").asString()).isEqualTo("cpu");
		assertThat(metric.at("/resource/target/type").asString()).isEqualTo("Utilization");
		assertThat(metric.at("/resource/target/averageUtilization").asInt()).isEqualTo(70);
		assertThat(this.manifests.deployment().path("spec").has("replicas")).isFalse();
	}

	@Test
	void rollsWithoutEverBeingUnavailable() {
		JsonNode strategy = this.manifests.deployment().at("/spec/strategy");
		assertThat(strategy.path("type").asString()).isEqualTo("RollingUpdate");
		assertThat(strategy.at("/rollingUpdate/maxUnavailable").asInt()).isZero();
		assertThat(strategy.at("/rollingUpdate/maxSurge").asInt()).isEqualTo(1);
	}

	@Test
	void probesTheManagementPort() {
		JsonNode container = this.manifests.container();
		assertThat(container.at("/startupProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
		assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
		assertThat(container.at("/readinessProbe/httpGet/path").asString())
			.isEqualTo("/actuator/health/readiness");
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			assertThat(container.path(probe).at("/httpGet/port").asString()).as(probe).isEqualTo("management");
		}
		assertThat(container.at("/startupProbe/failureThreshold").asInt()
				* container.at("/startupProbe/periodSeconds").asInt())
			.as("seconds allowed to start")
			.isGreaterThanOrEqualTo(60);
		assertThat(ports(container.path("ports"), "containerPort")).containsExactly(Map.entry("http", 8080),
				Map.entry("management", 8081));
		assertThat(this.manifests.applicationConfig().at("/management/server/port").asInt()).isEqualTo(8081);
		assertThat(this.manifests.applicationConfig().at("/server/port").asInt()).isEqualTo(8080);
		assertThat(this.manifests.applicationConfig().at("/management/endpoint/health/probes/enabled").asBoolean())
			.isTrue();
		assertThat(this.manifests.applicationConfig().at("/management/endpoints/web/exposure/include").asString())
			.contains("health", "prometheus");
	}

	@Test
	void runsAsNonRootOnAReadOnlyRootFilesystemWithOnlyTmpWritable() {
		JsonNode pod = this.manifests.podSpec();
		assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
		assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
		assertThat(pod.at("/securityContext/seccompProfile/type").asString()).isEqualTo("RuntimeDefault");
		JsonNode container = this.manifests.container().path("securityContext");
		assertThat(container.path("runAsNonRoot").asBoolean()).isTrue();
		assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
		assertThat(container.path("allowPrivilegeEscalation").asBoolean()).isFalse();
		assertThat(strings(container.at("/capabilities/drop"))).containsExactly("ALL");
		assertThat(container.at("/seccompProfile/type").asString()).isEqualTo("RuntimeDefault");
		Map<String, JsonNode> writable = new LinkedHashMap<>();
		for (JsonNode mount : this.manifests.container().path("volumeMounts")) {
			if (!mount.path("readOnly").asBoolean()) {
				writable.put(mount.path("mountPath").asString(), mount);
			}
		}
		assertThat(writable).containsOnlyKeys("/tmp");
		assertThat(this.manifests.volume("tmp").has("emptyDir")).isTrue();
		assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();
	}

	@Test
	void requestsAndLimitsResources() {
		JsonNode resources = this.manifests.container().path("resources");
		assertThat(resources.at("/requests/cpu").asString()).isNotEmpty();
		assertThat(resources.at("/requests/memory").asString()).isNotEmpty();
		assertThat(resources.at("/limits/cpu").asString()).isNotEmpty();
		assertThat(resources.at("/limits/memory").asString()).isNotEmpty();
	}

	@Test
	void spreadsThePodsAcrossNodesAndZones() {
		JsonNode constraints = this.manifests.podSpec().path("topologySpreadConstraints");
		assertThat(constraints.valueStream().map((c) -> c.path("topologyKey").asString()))
			.containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
		for (JsonNode constraint : constraints) {
			assertThat(constraint.path("maxSkew").asInt()).isEqualTo(1);
			assertThat(constraint.path("whenUnsatisfiable").asString()).isEqualTo("ScheduleAnyway");
			assertThat(labels(constraint.at("/labelSelector/matchLabels")))
				.isEqualTo(this.manifests.selectorLabels());
		}
	}

	@Test
	void podsCarryTheSelectorLabelsAndAChecksumOfTheConfiguration() {
		JsonNode template = this.manifests.deployment().at("/spec/template/metadata");
		assertThat(labels(template.path("labels"))).containsAllEntriesOf(this.manifests.selectorLabels());
		assertThat(template.at("/annotations").path("checksum/config").asString()).matches("[0-9a-f]{64}");
	}

	@Test
	void exposesTheApiAndManagementPortsThroughTheService() {
		JsonNode service = this.manifests.one("Service");
		assertThat(service.at("/spec/type").asString()).isEqualTo("ClusterIP");
		assertThat(ports(service.at("/spec/ports"), "port")).containsExactly(Map.entry("http", 8080),
				Map.entry("management", 8081));
		assertThat(service.at("/spec/ports").valueStream().map((p) -> p.path("targetPort").asString()))
			.containsExactly("http", "management");
		assertThat(labels(service.at("/spec/selector"))).isEqualTo(this.manifests.selectorLabels());
	}

	@Test
	void keepsAPodThroughVoluntaryDisruptions() {
		JsonNode pdb = this.manifests.one("PodDisruptionBudget");
		assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
		assertThat(pdb.at("/spec").has("minAvailable")).isFalse();
		assertThat(labels(pdb.at("/spec/selector/matchLabels"))).isEqualTo(this.manifests.selectorLabels());
	}

	@Test
	void networkPolicyLetsClientsReachTheApiAndMonitoringAndHelmTestTheManagementPortOnly() {
		JsonNode policy = this.manifests.one("NetworkPolicy");
		assertThat(labels(policy.at("/spec/podSelector/matchLabels"))).isEqualTo(this.manifests.selectorLabels());
		assertThat(strings(policy.at("/spec/policyTypes"))).containsExactly("Ingress", "Egress");
		JsonNode ingress = policy.at("/spec/ingress");
		assertThat(ingress.size()).isEqualTo(3);
		assertThat(labels(ingress.at("/0/from/0/namespaceSelector/matchLabels")))
			.containsExactly(Map.entry("credential-broker/client", "true"));
		assertThat(ingress.at("/0/from/0").has("podSelector")).isFalse();
		assertThat(ingress.at("/0/ports").valueStream().map((p) -> p.path("port").asString()))
			.containsExactly("http");
		assertThat(labels(ingress.at("/1/from/0/namespaceSelector/matchLabels")))
			.containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
		assertThat(ingress.at("/1/ports").valueStream().map((p) -> p.path("port").asString()))
			.containsExactly("management");
		// The release's helm test Pod (ChartReadinessTestPodTests), from the release's namespace only.
		assertThat(ingress.at("/2/from/0").has("namespaceSelector")).isFalse();
		assertThat(labels(ingress.at("/2/from/0/podSelector/matchLabels"))).containsOnly(
				Map.entry("app.kubernetes.io/instance", "broker"), Map.entry("app.kubernetes.io/component", "helm-test"));
		assertThat(ingress.at("/2/ports").valueStream().map((p) -> p.path("port").asString()))
			.containsExactly("management");
	}

	@Test
	void networkPolicyLetsOutDnsTheIdentityEndpointAndHttpsOnly() {
		JsonNode egress = this.manifests.one("NetworkPolicy").at("/spec/egress");
		assertThat(egress.size()).isEqualTo(3);
		JsonNode dns = egress.path(0);
		assertThat(labels(dns.at("/to/0/namespaceSelector/matchLabels")))
			.containsExactly(Map.entry("kubernetes.io/metadata.name", "kube-system"));
		assertThat(labels(dns.at("/to/0/podSelector/matchLabels"))).containsExactly(Map.entry("k8s-app", "kube-dns"));
		assertThat(dns.path("ports").valueStream().map((p) -> p.path("protocol").asString() + "/" + p.path("port").asInt()))
			.containsExactlyInAnyOrder("UDP/53", "TCP/53");
		JsonNode identity = egress.path(1);
		assertThat(identity.at("/to/0/ipBlock/cidr").asString()).isEqualTo("169.254.169.254/32");
		assertThat(identity.at("/ports/0/port").asInt()).isEqualTo(80);
		JsonNode https = egress.path(2);
		assertThat(https.at("/to/0/ipBlock/cidr").asString()).isEqualTo("0.0.0.0/0");
		assertThat(https.path("ports").size()).isOne();
		assertThat(https.at("/ports/0/port").asInt()).isEqualTo(443);
		assertThat(https.at("/ports/0/protocol").asString()).isEqualTo("TCP");
	}

	@Test
	void usesNoWorkloadIdentityWithoutAClientId() {
		assertThat(this.manifests.one("ServiceAccount").at("/metadata/annotations").isMissingNode()).isTrue();
		assertThat(this.manifests.deployment().at("/spec/template/metadata/labels")
			.has("azure.workload.identity/use")).isFalse();
		assertThat(this.manifests.one("ServiceAccount").path("automountServiceAccountToken").asBoolean()).isFalse();
		assertThat(this.manifests.podSpec().path("serviceAccountName").asString())
			.isEqualTo(this.manifests.one("ServiceAccount").at("/metadata/name").asString());
		assertThat(this.manifests.applicationConfig()
			.at("/spring/cloud/azure/credential/managed-identity-enabled").asBoolean()).isTrue();
		assertThat(this.manifests.applicationConfig().at("/spring/cloud/azure/credential").has("client-id"))
			.isFalse();
	}

	@Test
	void configuresSpringThroughAMountedApplicationYamlTheK8sProfileAndJsonLogs() {
		Map<String, String> env = env(this.manifests.container());
		assertThat(env).containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:/config/")
			.containsEntry("SPRING_PROFILES_ACTIVE", "k8s")
			.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
			.doesNotContainKey("BROKER_REDACTION_FINGERPRINTKEY");
		assertThat(this.manifests.mount("config").path("mountPath").asString()).isEqualTo("/config");
		assertThat(this.manifests.volume("config").at("/configMap/name").asString())
			.isEqualTo(this.manifests.configMap("-config").at("/metadata/name").asString());
	}

	@Test
	void makesItsOwnKeysSecretKeptOnUninstallWithTwoDifferentRandomKeys() {
		JsonNode secret = this.manifests.one("Secret");
		assertThat(secret.at("/metadata/name").asString()).isEqualTo("broker-credential-broker-keys");
		assertThat(secret.at("/metadata/annotations").path("helm.sh/resource-policy").asString()).isEqualTo("keep");
		byte[] chainKey = decoded(secret, "chain-key");
		byte[] fingerprintKey = decoded(secret, "fingerprint-key");
		assertThat(chainKey).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(fingerprintKey);
		assertThat(fingerprintKey).hasSizeGreaterThanOrEqualTo(32);
		assertThat(decoded(render(UnaryOperator.identity()).one("Secret"), "chain-key"))
			.as("random: another render (a first install elsewhere) makes another")
			.isNotEqualTo(chainKey);
	}

	@Test
	void mountsBothKeysAsFilesTheBrokerImportsNeverAsEnvironmentVariables(@TempDir Path directory)
			throws IOException {
		JsonNode secret = this.manifests.one("Secret");
		JsonNode volume = this.manifests.volume("keys").path("secret");
		assertThat(volume.path("secretName").asString()).isEqualTo(secret.at("/metadata/name").asString());
		assertThat(volume.path("defaultMode").asInt()).as("0440").isEqualTo(0440);
		JsonNode mount = this.manifests.mount("keys");
		assertThat(mount.path("readOnly").asBoolean()).isTrue();
		assertThat(mount.has("subPath")).isFalse();
		assertThat(this.manifests.applicationConfig().at("/spring/config/import").asString())
			.isEqualTo("configtree:" + mount.path("mountPath").asString() + "/");
		assertThat(this.manifests.container().toString()).doesNotContain("secretKeyRef");
		assertThat(this.manifests.container().has("envFrom")).isFalse();
		String everything = this.manifests.documents().toString();
		assertThat(everything).doesNotContain(new String(decoded(secret, "chain-key"), StandardCharsets.UTF_8));
		assertThat(everything.split(secret.at("/data/chain-key").asString(), -1))
			.as("the key is in its Secret and nowhere else")
			.hasSize(2);
		// The files the pod sees, read as the broker's configuration: each key sets its property.
		Binder binder = mounted(volume, secret, directory);
		assertThat(binder.bind("broker.audit", AuditProperties.class).get().chainKey())
			.isEqualTo(new String(decoded(secret, "chain-key"), StandardCharsets.UTF_8));
		assertThat(binder.bind("broker.redaction", RedactionProperties.class).get().fingerprintKey())
			.isEqualTo(new String(decoded(secret, "fingerprint-key"), StandardCharsets.UTF_8));
	}

	@Test
	void namesEachPodInItsAuditRecords() {
		JsonNode podName = this.manifests.envVar("POD_NAME");
		assertThat(podName.at("/valueFrom/fieldRef/fieldPath").asString()).isEqualTo("metadata.name");
		assertThat(podName.has("value")).isFalse();
	}

	@Test
	void rendersTheBrokersDefaultsAsItsOwnPropertiesBindThem() {
		Binder binder = this.manifests.binder();
		ArmProperties arm = binder.bind("broker.arm", ArmProperties.class).get();
		assertThat(arm.endpoint()).hasToString("https://management.azure.com");
		assertThat(arm.scope()).isEqualTo("https://management.azure.com/.default");
		assertThat(arm.apiVersions().workspaces()).isEqualTo("2024-10-01");
		assertThat(arm.apiVersions().computes()).isEqualTo("2025-09-01");
		ArmProperties brokers = new Binder().bindOrCreate("broker.arm", ArmProperties.class);
		assertThat(arm.apiVersions()).as("every API version, as the broker's own defaults")
			.isEqualTo(brokers.apiVersions());
		assertThat(arm.apiVersions().datastores()).isEqualTo("2026-09-01");
		assertThat(arm.datastores()).isEqualTo(brokers.datastores()).isEqualTo(new ArmProperties.Datastores(1));
		assertThat(arm.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(arm.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(arm.budget().maxWait()).isEqualTo(Duration.ofMillis(500));
		CacheProperties cache = binder.bind("broker.cache", CacheProperties.class).get();
		assertThat(cache).isEqualTo(new CacheProperties(Duration.ofMinutes(5), Duration.ofHours(1), 10000, Duration.ofSeconds(30)));
		BrokerSecurityProperties security = binder.bindOrCreate("broker.security", BrokerSecurityProperties.class);
		assertThat(security.issuers()).isEmpty();
		assertThat(security.audiences()).isEmpty();
		assertThat(security.clockSkew()).isEqualTo(Duration.ofSeconds(60));
		assertThat(binder.bind("broker.audit", AuditProperties.class).get().sink())
			.isEqualTo(AuditProperties.Sink.STDOUT);
		JsonNode r4j = this.manifests.applicationConfig().path("resilience4j");
		assertThat(r4j.at("/timelimiter/instances/arm/timeout-duration").asString()).isEqualTo("20s");
		assertThat(r4j.at("/retry/instances/arm/max-attempts").asInt()).isEqualTo(3);
		assertThat(r4j.at("/circuitbreaker/instances/arm/wait-duration-in-open-state").asString()).isEqualTo("30s");
		assertThat(r4j.at("/bulkhead/instances/arm/max-concurrent-calls").asInt()).isEqualTo(16);
	}

	@Test
	void splitsTheFleetsArmBudgetOverTheAutoscalersMaximum() {
		ArmProperties.Budget budget = this.manifests.binder().bind("broker.arm", ArmProperties.class).get().budget();
		assertThat(budget.ratePerSecond()).isEqualTo(8.0 / 4);
		assertThat(budget.burst()).isEqualTo(150 / 4);
	}

	@Test
	void rendersADenyAllPolicyMountedAsADirectoryWhereTheBrokerLooks() {
		PolicyProperties policy = this.manifests.binder().bind("broker.policy", PolicyProperties.class).get();
		assertThat(policy.location()).isEqualTo("file:/etc/credential-broker/policies/policies.yaml");
		assertThat(policy.reloadInterval()).isEqualTo(Duration.ofSeconds(2));
		JsonNode mount = this.manifests.mount("policy");
		assertThat(mount.path("mountPath").asString()).isEqualTo("/etc/credential-broker/policies");
		assertThat(mount.has("subPath")).as("subPath mounts never see ConfigMap updates").isFalse();
		assertThat(mount.path("readOnly").asBoolean()).isTrue();
		JsonNode configMap = this.manifests.configMap("-policy");
		assertThat(this.manifests.volume("policy").at("/configMap/name").asString())
			.isEqualTo(configMap.at("/metadata/name").asString());
		assertThat(this.manifests.volume("policy").at("/configMap").has("items")).isFalse();
		String file = configMap.at("/data/policies.yaml").asString();
		assertThat(yaml.readTree(file).path("teams").isEmpty()).isTrue();
		assertThat(PolicyFile.validate(file)).isEmpty();
	}

	@Test
	void rendersOnlyKeysTheBrokerKnows() {
		assertThat(BrokerMetadata.unknownBrokerKeys(this.manifests.applicationConfig())).isEmpty();
	}

	@Test
	void runsTheImageOfTheChartsAppVersionByDefault() {
		assertThat(this.manifests.container().path("image").asString()).isEqualTo("credential-broker:0.1.0");
	}

}
