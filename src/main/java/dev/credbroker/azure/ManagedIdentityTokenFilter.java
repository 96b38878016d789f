package dev.credbroker.azure;

import com.azure.core.credential.SimpleTokenCache;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Presents the broker's managed-identity token to Resource Manager. azure-core's
 * {@link SimpleTokenCache} keeps the token and refreshes it before it expires, with one refresh in
 * flight at a time, so the identity endpoint sees one request per token lifetime, not per call.
 */
final class ManagedIdentityTokenFilter implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(ManagedIdentityTokenFilter.class);

	private final SimpleTokenCache tokens;

	ManagedIdentityTokenFilter(TokenCredential credential, String scope) {
		TokenRequestContext context = new TokenRequestContext().addScopes(scope);
		this.tokens = new SimpleTokenCache(() -> credential.getToken(context));
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return this.tokens.getToken()
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("The credential returned no token")))
			.onErrorMap((ex) -> {
				logger.warn("The managed identity gave no token for Azure Resource Manager: " + ex.getClass().getName());
				return ArmException.withoutResponse(ArmException.Reason.IDENTITY_UNAVAILABLE);
			})
			.flatMap((token) -> next.exchange(
					ClientRequest.from(request).headers((headers) -> headers.setBearerAuth(token.getToken())).build()));
	}

}
