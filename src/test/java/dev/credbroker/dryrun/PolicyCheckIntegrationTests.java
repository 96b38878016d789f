package dev.credbroker.dryrun;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.credbroker.IntegrationTest;
import dev.credbroker.support.AzureStandIn;
import dev.credbroker.support.Http;
import dev.credbroker.support.TestIssuer;
import dev.credbroker.support.TestPolicies;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code policy-check} with a token's claims prints exactly what the dry-run endpoint answers to
 * that token, on the same policy file: what a policy repository's CI asserts is what the broker
 * will decide.
 */
class PolicyCheckIntegrationTests extends IntegrationTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String WS1 = "/subscriptions/" + AzureStandIn.SUBSCRIPTION
			+ "/resourceGroups/rg-alpha-1/providers/Microsoft.MachineLearningServices/workspaces/ws1";

	@TempDir
	Path directory;

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "team-alpha | | notebook.primaryAccessKey",
			"team-alpha | notebook.* | containerRegistry.passwords.password,userStorageKey",
			"team-beta | | userStorageKey", "nobody | | ", "team-alpha | aks.* | " })
	void theCommandPrintsWhatTheEndpointAnswers(String role, String fields, String reveal) throws IOException {
		String token = TestIssuer.token(TestIssuer.TRUSTED, "svc-" + role, Map.of("roles", List.of(role)));
		String resource = (fields != null && fields.startsWith("aks")) ? WS1 + "/computes/aks1" : WS1;
		String query = "resourceId=" + resource + ((fields != null) ? "&fields=" + fields : "")
				+ ((reveal != null) ? "&reveal=" + reveal : "");

		Http.Response answer = this.http.get("/api/v1/policy/decision?" + query, token);

		Path claims = Files.write(this.directory.resolve("claims.json"), payload(token));
		Path policy = Path.of(URI.create(TestPolicies.location("test-policies.yaml")));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = PolicyCheck.run(new String[] { "policy-check", policy.toString(), "--issuer",
				TestIssuer.issuer(TestIssuer.TRUSTED), "--issuer", TestIssuer.issuer(TestIssuer.PARTNER), "--claims",
				claims.toString(), "--resource", resource, "--fields", (fields != null) ? fields : "", "--reveal",
				(reveal != null) ? reveal : "" }, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(exit).isZero();
		assertThat(json.readTree(out.toString(StandardCharsets.UTF_8))).isEqualTo(answer.json());
	}

	/** The claims of a token, as the broker reads them once it has checked its signature. */
	private static byte[] payload(String token) {
		return Base64.getUrlDecoder().decode(token.split("\\.")[1]);
	}

}
