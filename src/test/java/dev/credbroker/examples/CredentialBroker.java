package dev.credbroker.examples;

// tag::client[]
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * The credential broker's keys endpoints, as a calling service declares them (Spring Framework 6.1
 * or newer). Errors come back as RestClient's exceptions: 403 is HttpClientErrorException.Forbidden,
 * with the broker's Problem Details in its body.
 */
@HttpExchange(url = "/api/v1", accept = MediaType.APPLICATION_JSON_VALUE)
public interface CredentialBroker {

	@GetExchange("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/workspaces/{workspace}/keys")
	Keys workspaceKeys(@PathVariable String subscriptionId, @PathVariable String resourceGroup,
			@PathVariable String workspace, @RequestParam(required = false) String reveal);

	@GetExchange("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/workspaces/{workspace}"
			+ "/computes/{compute}/keys")
	Keys computeKeys(@PathVariable String subscriptionId, @PathVariable String resourceGroup,
			@PathVariable String workspace, @PathVariable String compute,
			@RequestParam(required = false) String reveal);

	/** A resource's secrets by field name, such as containerRegistry.passwords.password. */
	record Keys(String resourceId, boolean stale, Map<String, Secret> secrets) {

		/** A field's value, which the request asked to reveal. */
		public String value(String field) {
			Secret secret = this.secrets.get(field);
			if (secret == null || secret.value() == null) {
				throw new IllegalStateException(field + " is not revealed");
			}
			return secret.value();
		}

	}

	/** In clear (value), or redacted to its length and fingerprint. */
	record Secret(String value, Boolean redacted, Integer length, String fingerprint) {
	}

	/** A client that sends every request with a token from the supplier. */
	static CredentialBroker create(String brokerUrl, Supplier<String> tokens) {
		RestClient client = RestClient.builder().baseUrl(brokerUrl).requestInterceptor((request, body, execution) -> {
			request.getHeaders().setBearerAuth(tokens.get());
			return execution.execute(request, body);
		}).build();
		return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client))
			.build()
			.createClient(CredentialBroker.class);
	}

	/**
	 * Tokens of an Azure identity (managed identity, workload identity, a developer's az login) for
	 * the broker's app registration. azure-identity caches each token until shortly before it expires.
	 */
	static Supplier<String> azureTokens(TokenCredential credential, String brokerApplicationIdUri) {
		TokenRequestContext request = new TokenRequestContext().addScopes(brokerApplicationIdUri + "/.default");
		return () -> credential.getTokenSync(request).getToken();
	}

	/** A pod's projected service account token, read at every call: the kubelet renews the file. */
	static Supplier<String> kubernetesToken(Path tokenFile) {
		return () -> {
			try {
				return Files.readString(tokenFile).strip();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

}
// end::client[]
