package dev.credbroker.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import dev.credbroker.support.BrokerTestProperties;
import dev.credbroker.support.Eventually;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running broker takes a valid change of its policy file within seconds and refuses an invalid
 * one, keeping the policy it runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PolicyReloadIntegrationTests {

	private static final Path file = createPolicyFile();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void brokerProperties(DynamicPropertyRegistry registry) {
		BrokerTestProperties.register(registry, () -> file.toUri().toString());
		registry.add("broker.policy.reload-interval", () -> "200ms");
	}

	@Test
	void validChangesTakeEffectAndInvalidOnesAreRefused() throws IOException {
		Http http = new Http(this.port);
		String token = TestIssuer.token(TestIssuer.TRUSTED, "svc-ops", Map.of("roles", List.of("ops")));
		assertThat(teams(http, token)).isEmpty();

		write(team("ops"));

		Eventually.value("the broker puts the caller in team ops", () -> teams(http, token), List.of("ops")::equals);

		double failures = failures();
		write("teams:\n  - name: ops\n    members: []\n");
		Eventually.until("the broker has refused the invalid policy", () -> failures() != failures);

		assertThat(failures()).isEqualTo(failures + 1);
		assertThat(teams(http, token)).containsExactly("ops");
	}

	private double failures() {
		return this.meters.get("broker.policy.reloads").tag("result", "failure").counter().count();
	}

	private static List<String> teams(Http http, String token) {
		return http.get("/api/v1/me", token).json().get("teams").valueStream().map(JsonNode::asString).toList();
	}

	private static String team(String name) {
		return "teams:\n  - name: " + name + "\n    members: [{claim: roles, anyOf: [" + name + "]}]\n";
	}

	private static void write(String content) throws IOException {
		Path next = Files.createTempFile(file.getParent(), "policies", ".tmp");
		Files.writeString(next, content);
		Files.move(next, file, StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
	}

	private static Path createPolicyFile() {
		try {
			Path directory = Files.createTempDirectory("policy-reload");
			Path policies = directory.resolve("policies.yaml");
			Files.writeString(policies, team("someone-else"));
			return policies;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
