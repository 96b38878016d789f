package dev.credbroker.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.credbroker.audit.AuditProperties;
import dev.credbroker.azure.ArmProperties;
import dev.credbroker.policy.PolicyProperties;
import dev.credbroker.secrets.CacheProperties;
import dev.credbroker.secrets.RedactionProperties;
import dev.credbroker.security.BrokerSecurityProperties;
import dev.credbroker.support.PolicySchema;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Helm chart {@code helm/credential-broker}, linted and rendered by real Helm in-process
 * (helm-java's native library: no Helm binary, no cluster, no network), and the Dockerfile.
 * Rendered manifests are parsed and asserted on; the rendered application.yaml is bound to the
 * broker's own configuration properties, as Spring Boot would bind it in the pod.
 */
class HelmChartTests {

	private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));

	private static final Path CHART = BASEDIR.resolve("helm/credential-broker");

	private static final Path FULL_VALUES = BASEDIR.resolve("src/test/resources/dev/credbroker/deploy/full-values.yaml");

	private static final String RELEASE = "broker";

	private static final String NAMESPACE = "credential-broker";

	private static final YAMLMapper yaml = YAMLMapper.builder().build();

	private static final String SCHEMA_REFUSAL = "values don't meet the specifications of the schema";

	/** Rendered once each: the chart's defaults, and the full values file. */
	private static Manifests defaults;

	private static Manifests full;

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

	@Nested
	class WithDefaultValues {

		private final Manifests manifests = defaults();

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
		void networkPolicyLetsClientsReachTheApiAndMonitoringTheManagementPortOnly() {
			JsonNode policy = this.manifests.one("NetworkPolicy");
			assertThat(labels(policy.at("/spec/podSelector/matchLabels"))).isEqualTo(this.manifests.selectorLabels());
			assertThat(strings(policy.at("/spec/policyTypes"))).containsExactly("Ingress", "Egress");
			JsonNode ingress = policy.at("/spec/ingress");
			assertThat(ingress.size()).isEqualTo(2);
			assertThat(labels(ingress.at("/0/from/0/namespaceSelector/matchLabels")))
				.containsExactly(Map.entry("credential-broker/client", "true"));
			assertThat(ingress.at("/0/from/0").has("podSelector")).isFalse();
			assertThat(ingress.at("/0/ports").valueStream().map((p) -> p.path("port").asString()))
				.containsExactly("http");
			assertThat(labels(ingress.at("/1/from/0/namespaceSelector/matchLabels")))
				.containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
			assertThat(ingress.at("/1/ports").valueStream().map((p) -> p.path("port").asString()))
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
				.containsEntry("LOG_FORMAT", "json")
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

	@Nested
	class WithAFullValuesFile {

		private final Manifests manifests = full();

		@Test
		void rendersEveryOptionalObjectToo() {
			assertThat(this.manifests.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "ConfigMap",
					"Service", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy",
					"ServiceMonitor");
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

	@Nested
	class FleetBudget {

		@ParameterizedTest(name = "fleet {0}/s, burst {1}, over {2} pods: {3}/s, burst {4} each")
		@CsvSource({ "8, 150, 4, 2, 37", "8, 150, 3, 2.666, 50", "10, 200, 7, 1.428, 28", "8, 150, 1, 8, 150",
				"1, 5, 10, 0.1, 1", "0.0005, 1, 2, 0.001, 1" })
		void givesEachPodItsShareOfTheAutoscalersMaximum(String fleetRate, int fleetBurst, int maxReplicas,
				double podRate, int podBurst, @TempDir Path directory) throws IOException {
			// A values file, not --set, which would pass a decimal rate as a string.
			Path values = directory.resolve("values.yaml");
			Files.writeString(values, """
					autoscaling: {minReplicas: 1, maxReplicas: %d}
					broker: {arm: {budget: {fleetRatePerSecond: %s, fleetBurst: %d}}}
					""".formatted(maxReplicas, fleetRate, fleetBurst));
			ArmProperties.Budget budget = render((helm) -> helm.withValuesFile(values)).binder()
				.bind("broker.arm", ArmProperties.class)
				.get()
				.budget();
			assertThat(budget.ratePerSecond()).isEqualTo(podRate);
			assertThat(budget.burst()).isEqualTo(podBurst);
			if (podRate > 0.001) {
				assertThat(budget.ratePerSecond() * maxReplicas).as("the fleet at its largest")
					.isLessThanOrEqualTo(Double.parseDouble(fleetRate));
			}
			if (podBurst > 1) {
				assertThat(budget.burst() * maxReplicas).isLessThanOrEqualTo(fleetBurst);
			}
		}

		@Test
		void dividesByTheReplicaCountWhenAutoscalingIsOff() {
			Manifests manifests = render((helm) -> helm.set("autoscaling.enabled", false));
			assertThat(manifests.find("HorizontalPodAutoscaler")).isEmpty();
			assertThat(manifests.deployment().at("/spec/replicas").asInt()).as("replicaCount's default").isEqualTo(2);
			ArmProperties.Budget budget = manifests.binder().bind("broker.arm", ArmProperties.class).get().budget();
			assertThat(budget.ratePerSecond()).isEqualTo(4.0);
			assertThat(budget.burst()).isEqualTo(75);
		}

		@Test
		void documentsTheDivisionInValuesYaml() {
			String values = read(CHART.resolve("values.yaml"));
			assertThat(values).contains("fleetRatePerSecond", "fleetBurst", "autoscaling.maxReplicas",
					"fleetRatePerSecond / N", "fleetBurst / N");
		}

	}

	@Nested
	class AuditFile {

		@Test
		void anEmptyDirOfBoundedSize() {
			Manifests manifests = render((helm) -> helm.set("broker.audit.sink", "file"));
			JsonNode volume = manifests.volume("audit");
			assertThat(volume.at("/emptyDir/sizeLimit").asString()).isEqualTo("1Gi");
			assertThat(manifests.mount("audit").has("subPathExpr")).as("an emptyDir is the pod's own").isFalse();
			assertThat(render((helm) -> helm.set("broker.audit.sink", "file").set("broker.audit.file.sizeLimit", "300Mi"))
				.volume("audit")
				.at("/emptyDir/sizeLimit")
				.asString()).isEqualTo("300Mi");
		}

		@Test
		void noAuditVolumeForTheStdoutSink() {
			assertThat(defaults().podSpec().path("volumes").valueStream().map((v) -> v.path("name").asString()))
				.doesNotContain("audit");
		}

	}

	@Nested
	class WorkloadIdentity {

		@Test
		void closesTheNodesIdentityEndpointEvenWhenItsEgressIsEnabled() {
			Manifests manifests = render(
					(helm) -> helm.set("azure.workloadIdentity.clientId", "6f0c5a4e-1b2c-4d3e-8f90-a1b2c3d4e5f6")
						.set("networkPolicy.egress.identityEndpoint.enabled", true));
			JsonNode egress = manifests.one("NetworkPolicy").at("/spec/egress");
			assertThat(egress.toString()).doesNotContain("169.254.169.254");
			assertThat(egress.size()).as("DNS and HTTPS").isEqualTo(2);
			assertThat(defaults().one("NetworkPolicy").at("/spec/egress").toString())
				.as("without workload identity the broker needs the node's identity")
				.contains("169.254.169.254");
		}

	}

	@Nested
	class Policy {

		@Test
		void rendersAPolicyGivenAsTextVerbatimCommentsIncluded(@TempDir Path directory) throws IOException {
			String text = """
					# the team policies
					teams:
					  - name: team-beta
					    members:
					      - claim: roles
					        anyOf: [team-beta]
					""";
			Path values = directory.resolve("values.yaml");
			Files.writeString(values, "broker:\n  policy:\n    text: |\n" + text.indent(6));
			Manifests manifests = render((helm) -> helm.withValuesFile(values));
			String file = manifests.configMap("-policy").at("/data/policies.yaml").asString();
			assertThat(file).isEqualTo(text);
			assertThat(PolicyFile.validate(file)).isEmpty();
		}

		@Test
		void mountsAnExistingConfigMapInsteadAsADirectory() {
			Manifests manifests = render((helm) -> helm.set("broker.policy.existingConfigMap", "team-policies")
				.set("broker.policy.existingConfigMapKey", "broker-policies.yaml"));
			assertThat(manifests.documents()).noneMatch((d) -> d.at("/metadata/name").asString().endsWith("-policy"));
			JsonNode volume = manifests.volume("policy").path("configMap");
			assertThat(volume.path("name").asString()).isEqualTo("team-policies");
			assertThat(volume.at("/items/0/key").asString()).isEqualTo("broker-policies.yaml");
			assertThat(volume.at("/items/0/path").asString()).isEqualTo("policies.yaml");
			assertThat(manifests.mount("policy").has("subPath")).isFalse();
			assertThat(manifests.binder().bind("broker.policy", PolicyProperties.class).get().location())
				.isEqualTo("file:" + manifests.mount("policy").path("mountPath").asString() + "/policies.yaml");
		}

		@Test
		void aPolicyChangeDoesNotRollThePodsSinceTheBrokerReloadsIt() {
			Manifests changed = render((helm) -> helm.set("broker.policy.inline.teams[0].name", "team-gamma")
				.set("broker.policy.inline.teams[0].members[0].claim", "roles")
				.set("broker.policy.inline.teams[0].members[0].anyOf[0]", "team-gamma"));
			assertThat(changed.configMap("-policy").at("/data/policies.yaml").asString()).contains("team-gamma");
			assertThat(changed.checksum()).isEqualTo(defaults().checksum());
			assertThat(render((helm) -> helm.set("broker.policy.existingConfigMap", "team-policies")).checksum())
				.isEqualTo(defaults().checksum());
		}

		@Test
		void aChangeOfConfigurationReadAtStartRollsThePods() {
			assertThat(render((helm) -> helm.set("broker.cache.ttl", "10m")).checksum())
				.isNotEqualTo(defaults().checksum());
			assertThat(render((helm) -> helm.set("broker.security.audiences[0]", "api://other")).checksum())
				.isNotEqualTo(defaults().checksum());
			assertThat(render((helm) -> helm.set("autoscaling.maxReplicas", 8)).checksum())
				.as("the pods' share of the budget changes")
				.isNotEqualTo(defaults().checksum());
		}

	}

	@Nested
	class RefusedValues {

		@ParameterizedTest(name = "{0}={1}")
		@CsvSource(delimiter = '|', value = { "replicaCunt | 2", "autoscaling.maxReplicas | 0",
				"replicaCount | 0", "broker.audit.sink | syslog", "broker.cache.ttl | 5minutes",
				"broker.arm.budget.fleetRatePerSecond | 0", "broker.arm.budget.fleetBurst | 0",
				"broker.arm.budget.fleetBurst | 1.5", "broker.security.issuers[0] | ftp://issuer.example",
				"azure.workloadIdentity.clientId | not-a-guid", "securityContext.readOnlyRootFilesystem | false",
				"securityContext.allowPrivilegeEscalation | true", "podSecurityContext.runAsNonRoot | false",
				"logFormat | xml", "image.digest | sha256:abc", "broker.policy.existingConfigMap | Team_Policies",
				"topologySpread.zones.whenUnsatisfiable | Never", "service.port | 70000",
				"broker.arm.apiVersions.computes | latest", "broker.audit.file.sizeLimit | 1GB",
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
		void refusesAnAuditFileWithoutADirectoryOfItsOwn() {
			assertThatIllegalStateException()
				.isThrownBy(() -> render((helm) -> helm.set("broker.audit.sink", "file")
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

	@Nested
	class Dockerfile {

		private final String dockerfile = read(BASEDIR.resolve("Dockerfile"));

		@Test
		void buildsInOneStageAndRunsInAnotherOnAPinnedJre21OrNewer() {
			List<String> images = new ArrayList<>();
			Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(this.dockerfile);
			while (from.find()) {
				images.add(from.group(1));
			}
			assertThat(images).hasSize(2);
			assertThat(images).allMatch((image) -> image.matches("[^:]+:\\d+\\.\\d+\\.\\d+[^:]*"),
					"pinned to a full version tag");
			Matcher runtime = Pattern.compile("eclipse-temurin:(\\d+)\\.\\d+\\.\\d+_\\d+-jre-\\w+").matcher(images.get(1));
			assertThat(runtime.matches()).as(images.get(1)).isTrue();
			assertThat(Integer.parseInt(runtime.group(1))).isGreaterThanOrEqualTo(21);
		}

		@Test
		void cachesTheDependenciesApartFromTheSources() {
			int dependencies = this.dockerfile.indexOf("dependency:go-offline");
			int sources = this.dockerfile.indexOf("COPY src/");
			assertThat(this.dockerfile.indexOf("COPY mvnw pom.xml")).isNotNegative().isLessThan(dependencies);
			assertThat(dependencies).isNotNegative().isLessThan(sources);
			assertThat(this.dockerfile).contains("./mvnw -B -ntp package -DskipTests");
			assertThat(this.dockerfile).contains("java -Djarmode=tools -jar application.jar extract --layers");
		}

		@Test
		void runsAsTheChartsNumericNonRootUser() {
			Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$").matcher(this.dockerfile);
			assertThat(user.find()).as("a numeric USER").isTrue();
			assertThat(Integer.parseInt(user.group(1))).isPositive()
				.isEqualTo(defaults().podSpec().at("/securityContext/runAsUser").asInt());
		}

		@Test
		void exposesBothPortsAndSizesTheHeapToTheContainer() {
			assertThat(this.dockerfile).containsPattern("(?m)^EXPOSE 8080 8081$");
			String entrypoint = this.dockerfile.lines().filter((line) -> line.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
			assertThat(entrypoint).contains("\"-XX:MaxRAMPercentage=75\"", "\"-Djava.io.tmpdir=/tmp\"", "\"-jar\"");
		}

		@Test
		void sendsOnlyTheBuildsInputsToTheDaemon() {
			List<String> ignored = read(BASEDIR.resolve(".dockerignore")).lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.toList();
			assertThat(ignored).startsWith("*").contains("!mvnw", "!pom.xml", "!.mvn/", "!src/");
			assertThat(ignored).doesNotContain("!target/", "!.git/");
		}

	}

	// ---------------------------------------------------------------------------------------

	private static synchronized Manifests defaults() {
		if (defaults == null) {
			defaults = render(UnaryOperator.identity());
		}
		return defaults;
	}

	private static synchronized Manifests full() {
		if (full == null) {
			full = render((helm) -> helm.withValuesFile(FULL_VALUES));
		}
		return full;
	}

	private static Manifests render(UnaryOperator<TemplateCommand> options) {
		TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
		String output = options.apply(command).call();
		List<JsonNode> documents = new ArrayList<>();
		for (JsonNode document : yaml.readerFor(JsonNode.class).<JsonNode>readValues(output).readAll()) {
			if (document != null && document.isObject() && !document.isEmpty()) {
				documents.add(document);
			}
		}
		return new Manifests(documents);
	}

	/** A Secret's value, decoded. */
	private static byte[] decoded(JsonNode secret, String key) {
		return Base64.getDecoder().decode(secret.at("/data/" + key).asString());
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The broker's configuration as the pod sees it: the Secret volume's items written as files,
	 * as kubelet does, and read as the config tree application.yaml imports.
	 */
	private static Binder mounted(JsonNode volume, JsonNode secret, Path directory) throws IOException {
		for (JsonNode item : volume.path("items")) {
			Files.write(directory.resolve(item.path("path").asString()), decoded(secret, item.path("key").asString()));
		}
		return new Binder(ConfigurationPropertySources
			.from(new ConfigTreePropertySource("keys", directory, ConfigTreePropertySource.Option.AUTO_TRIM_TRAILING_NEW_LINE)));
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	private static Map<String, String> labels(JsonNode object) {
		Map<String, String> labels = new LinkedHashMap<>();
		object.properties().forEach((entry) -> labels.put(entry.getKey(), entry.getValue().asString()));
		return labels;
	}

	private static List<Map.Entry<String, Integer>> ports(JsonNode ports, String number) {
		return ports.valueStream().map((port) -> Map.entry(port.path("name").asString(), port.path(number).asInt())).toList();
	}

	private static Map<String, String> env(JsonNode container) {
		Map<String, String> env = new LinkedHashMap<>();
		for (JsonNode variable : container.path("env")) {
			env.put(variable.path("name").asString(), variable.path("value").asString(null));
		}
		return env;
	}

	/**
	 * What {@code helm template} printed, one parsed document per object.
	 */
	record Manifests(List<JsonNode> documents) {

		List<String> kinds() {
			return this.documents.stream().map((document) -> document.path("kind").asString()).toList();
		}

		List<JsonNode> find(String kind) {
			return this.documents.stream().filter((document) -> kind.equals(document.path("kind").asString())).toList();
		}

		JsonNode one(String kind) {
			List<JsonNode> found = find(kind);
			assertThat(found).as(kind).hasSize(1);
			return found.get(0);
		}

		JsonNode configMap(String suffix) {
			List<JsonNode> found = find("ConfigMap").stream()
				.filter((map) -> map.at("/metadata/name").asString().endsWith(suffix))
				.toList();
			assertThat(found).as("ConfigMap *%s", suffix).hasSize(1);
			return found.get(0);
		}

		JsonNode deployment() {
			return one("Deployment");
		}

		JsonNode podSpec() {
			return deployment().at("/spec/template/spec");
		}

		JsonNode container() {
			JsonNode containers = podSpec().path("containers");
			assertThat(containers.size()).isOne();
			return containers.path(0);
		}

		JsonNode envVar(String name) {
			return named(container().path("env"), name, "environment variable");
		}

		JsonNode volume(String name) {
			return named(podSpec().path("volumes"), name, "volume");
		}

		JsonNode mount(String name) {
			return named(container().path("volumeMounts"), name, "volume mount");
		}

		/** The item of a Kubernetes list whose {@code name} is the one given. */
		private static JsonNode named(JsonNode items, String name, String what) {
			return items.valueStream()
				.filter((item) -> name.equals(item.path("name").asString()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + what + " " + name));
		}

		Map<String, String> selectorLabels() {
			return labels(deployment().at("/spec/selector/matchLabels"));
		}

		String checksum() {
			return deployment().at("/spec/template/metadata/annotations").path("checksum/config").asString();
		}

		String applicationYaml() {
			return configMap("-config").at("/data/application.yaml").asString();
		}

		JsonNode applicationConfig() {
			return yaml.readTree(applicationYaml());
		}

		/** Binds the rendered application.yaml as Spring Boot reads it from /config/ in the pod. */
		Binder binder() {
			try {
				List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application.yaml",
						new ByteArrayResource(applicationYaml().getBytes(StandardCharsets.UTF_8)));
				return new Binder(ConfigurationPropertySources.from(sources));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/** The broker's policy file schema, shipped in its jar. */
	static final class PolicyFile {

		static List<com.networknt.schema.Error> validate(String policy) {
			return PolicySchema.get().validate(yaml.readTree(policy));
		}

	}

	/** The broker's configuration metadata, written by spring-boot-configuration-processor. */
	static final class BrokerMetadata {

		static Set<String> unknownBrokerKeys(JsonNode config) {
			Set<String> known = new TreeSet<>();
			try (InputStream in = HelmChartTests.class
				.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
				assertThat(in).as("the broker's configuration metadata").isNotNull();
				yaml.readTree(in).path("properties").forEach((property) -> known.add(property.path("name").asString()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Set<String> rendered = new TreeSet<>();
			collect("broker", config.path("broker"), rendered);
			rendered.removeAll(known);
			return rendered;
		}

		private static void collect(String prefix, JsonNode node, Set<String> keys) {
			if (node.isObject()) {
				node.properties().forEach((entry) -> collect(prefix + "." + entry.getKey(), entry.getValue(), keys));
			}
			else {
				keys.add(prefix);
			}
		}

	}

}
