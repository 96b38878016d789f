package dev.credbroker.azure;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The body of Workspace Connections - List Secrets ({@code WorkspaceConnectionPropertiesV2BasicResource}).
 * Its {@code properties} are discriminated by {@code authType}; one record holds the credential
 * members of every auth type, and which of them count depends on the type. Unknown members are
 * ignored, so an auth type whose schema the broker does not know yields none of its credentials.
 * Holds secret values: {@link #toString()} redacts them.
 *
 * @param properties the connection's properties
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonSerialize(using = RefuseSerialization.class)
public record ConnectionSecrets(@Nullable Properties properties) {

	@Override
	public String toString() {
		return "ConnectionSecrets[" + this.properties + "]";
	}

	/**
	 * {@code WorkspaceConnectionPropertiesV2}.
	 *
	 * @param authType the discriminator, such as {@code ApiKey}
	 * @param category what the connection is to, such as {@code AzureOpenAI}
	 * @param target the URL or host it connects to
	 * @param expiryTime when its credentials expire, as Azure spells a date-time
	 * @param credentials its credentials, in the shape of its auth type
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Properties(@Nullable String authType, @Nullable String category, @Nullable String target,
			@Nullable String expiryTime, @Nullable Credentials credentials) {

		@Override
		public String toString() {
			return "Properties[authType=" + this.authType + ", category=" + this.category + ", redacted]";
		}

	}

	/**
	 * The members of every auth type's {@code credentials}: {@code AccessKey} (accessKeyId,
	 * secretAccessKey), {@code AccountKey} and {@code ApiKey} (key), {@code CustomKeys} (keys),
	 * {@code ManagedIdentity} (clientId, resourceId), {@code OAuth2} (authUrl, clientId,
	 * clientSecret, developerToken, password, refreshToken, tenantId, username), {@code PAT} (pat),
	 * {@code SAS} (sas), {@code ServicePrincipal} (clientId, clientSecret, tenantId) and
	 * {@code UsernamePassword} (username, password, securityToken).
	 *
	 * @param accessKeyId an access key's id
	 * @param secretAccessKey an access key's secret
	 * @param key an account or API key
	 * @param keys custom keys, by name
	 * @param clientId a client id
	 * @param resourceId a managed identity's resource id
	 * @param authUrl an OAuth2 authorization URL
	 * @param clientSecret a client secret
	 * @param developerToken an OAuth2 developer token
	 * @param password a password
	 * @param refreshToken an OAuth2 refresh token
	 * @param tenantId a tenant id
	 * @param username a user name
	 * @param pat a personal access token
	 * @param sas a shared access signature
	 * @param securityToken a security token, with a user name and password
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Credentials(@Nullable String accessKeyId, @Nullable String secretAccessKey, @Nullable String key,
			@Nullable Map<String, @Nullable String> keys, @Nullable String clientId, @Nullable String resourceId,
			@Nullable String authUrl, @Nullable String clientSecret, @Nullable String developerToken,
			@Nullable String password, @Nullable String refreshToken, @Nullable String tenantId,
			@Nullable String username, @Nullable String pat, @Nullable String sas, @Nullable String securityToken) {

		@Override
		public String toString() {
			return "Credentials[redacted]";
		}

	}

}
