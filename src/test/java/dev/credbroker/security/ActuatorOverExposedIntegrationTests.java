package dev.credbroker.security;

import java.util.List;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator exposes every actuator endpoint (the chart's {@code extraConfig} can): the management
 * port still serves only health, info, prometheus and the SBOM. A heap dump holds the keys and the
 * cached secrets; the environment and the configuration name every setting.
 */
@TestPropertySource(properties = { "management.endpoints.web.exposure.include=*",
		"management.endpoint.heapdump.access=unrestricted", "management.endpoint.env.show-values=always" })
class ActuatorOverExposedIntegrationTests extends IntegrationTest {

	@LocalManagementPort
	private int managementPort;

	@Test
	void onlyHealthInfoPrometheusAndTheSbomAreServed() {
		Http management = new Http(this.managementPort);
		for (String served : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/info",
				"/actuator/prometheus", "/actuator/sbom")) {
			assertThat(management.get(served).status()).as(served).isEqualTo(200);
		}
		for (String refused : List.of("/actuator", "/actuator/env", "/actuator/configprops", "/actuator/heapdump",
				"/actuator/threaddump", "/actuator/loggers", "/actuator/beans", "/actuator/mappings",
				"/actuator/metrics")) {
			assertThat(management.get(refused).status()).as(refused).isEqualTo(403);
		}
	}

}
