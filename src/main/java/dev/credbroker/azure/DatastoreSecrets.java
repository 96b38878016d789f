package dev.credbroker.azure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The body of Datastores - List Secrets ({@code DatastoreSecrets}), discriminated by
 * {@code secretsType}. One record holds the member of every type; which counts depends on the type.
 * The specification marks none of them secret; every one is. {@link #toString()} redacts them.
 *
 * @param secretsType {@code AccountKey}, {@code Certificate}, {@code Sas} or {@code ServicePrincipal}
 * @param key AccountKey: the storage account key itself
 * @param certificate Certificate: the service principal's certificate
 * @param sasToken Sas: the shared access signature
 * @param clientSecret ServicePrincipal: the client secret
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonSerialize(using = RefuseSerialization.class)
public record DatastoreSecrets(@Nullable String secretsType, @Nullable String key, @Nullable String certificate,
		@Nullable String sasToken, @Nullable String clientSecret) {

	@Override
	public String toString() {
		return "DatastoreSecrets[secretsType=" + this.secretsType + ", redacted]";
	}

}
