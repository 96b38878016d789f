package dev.credbroker.policy;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.credbroker.CredentialBrokerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The broker does not start without a valid policy file, and says why.
 */
class PolicyStartupTests {

	@TempDir
	Path directory;

	@Test
	void refusesToStartWithoutAPolicyFile() {
		assertThatException().isThrownBy(() -> start(null))
			.havingRootCause()
			.isInstanceOf(InvalidPolicyException.class)
			.withMessageContaining("broker.policy.location");
	}

	@Test
	void refusesToStartWithAMissingPolicyFile() {
		String location = this.directory.resolve("nowhere.yaml").toUri().toString();

		assertThatException().isThrownBy(() -> start(location))
			.havingRootCause()
			.withMessageContaining(location)
			.withMessageContaining("does not exist");
	}

	@Test
	void refusesToStartWithAnInvalidPolicyFileNamingFileLineTeamAndEntry() throws Exception {
		Path file = this.directory.resolve("policies.yaml");
		Files.writeString(file, """
				teams:
				  - name: team-alpha
				    members: [{claim: roles, anyOf: [team-alpha]}]
				    grants:
				      - resources: ["/subscriptions/*/resourceGroups/rg-alpha*/**"]
				        read: ["notebook.*"]
				        reveal: ["notebook.primaryAccessKey", "notebook..secondary"]
				""");
		String location = file.toUri().toString();

		assertThatException().isThrownBy(() -> start(location))
			.havingRootCause()
			.isInstanceOf(InvalidPolicyException.class)
			.withMessageContaining("Invalid policy file " + location)
			.withMessageContaining("line 7, column 47")
			.withMessageContaining("team 'team-alpha' (teams[0]), grants[0], reveal[1]")
			.withMessageContaining("'notebook..secondary'");
	}

	@Test
	void refusesToStartTrustingTwoIssuersWithARuleThatNamesNone() throws Exception {
		Path file = this.directory.resolve("policies.yaml");
		Files.writeString(file, """
				teams:
				  - name: team-alpha
				    members:
				      - {claim: roles, anyOf: [team-alpha], issuer: "https://issuer.example"}
				      - {claim: roles, anyOf: [team-alpha]}
				""");
		String location = file.toUri().toString();

		assertThatException()
			.isThrownBy(() -> start(location, "https://issuer.example", "https://partner.example"))
			.havingRootCause()
			.isInstanceOf(InvalidPolicyException.class)
			.withMessageContaining("Invalid policy file " + location + ": line 5, column 9: team 'team-alpha' (teams[0]), "
					+ "members[1]: the rule on claim 'roles' must name its 'issuer'")
			.withMessageContaining("'https://issuer.example', 'https://partner.example'");
	}

	@Test
	void refusesToStartWithAPolicyFileNestedTooDeepSayingWhere() throws Exception {
		Path file = this.directory.resolve("policies.yaml");
		Files.writeString(file, "teams: " + "[".repeat(100_000) + "\n");
		String location = file.toUri().toString();

		assertThatException().isThrownBy(() -> start(location))
			.havingRootCause()
			.isInstanceOf(InvalidPolicyException.class)
			.withMessage("Invalid policy file " + location + ": line 1, column 39: mappings and lists nest deeper "
					+ "than 32 levels here; a policy's nest 6 levels deep at most");
	}

	private static void start(String policyLocation) {
		start(policyLocation, "https://issuer.example");
	}

	private static void start(String policyLocation, String... issuers) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(CredentialBrokerApplication.class)
			.properties("server.port=0", "broker.security.issuers=" + String.join(",", issuers),
					"broker.security.audiences=api://broker");
		if (policyLocation != null) {
			application.properties("broker.policy.location=" + policyLocation);
		}
		application.run().close();
	}

}
