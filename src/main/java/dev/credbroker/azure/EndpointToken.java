package dev.credbroker.azure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The body of Online Endpoints - Get Token ({@code EndpointAuthToken}): a short-lived token for an
 * endpoint whose auth mode is {@code AMLToken}. Holds a secret value: {@link #toString()} redacts
 * it.
 *
 * @param accessToken the token
 * @param tokenType its type, such as {@code Bearer}
 * @param expiryTimeUtc when it expires, in seconds since the epoch; 0 or absent when Azure does not
 * say
 * @param refreshAfterTimeUtc when a new one should be fetched, in seconds since the epoch; 0 or
 * absent when Azure does not say
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonSerialize(using = RefuseSerialization.class)
public record EndpointToken(@Nullable String accessToken, @Nullable String tokenType, @Nullable Long expiryTimeUtc,
		@Nullable Long refreshAfterTimeUtc) {

	@Override
	public String toString() {
		return "EndpointToken[tokenType=" + this.tokenType + ", expiryTimeUtc=" + this.expiryTimeUtc
				+ ", refreshAfterTimeUtc=" + this.refreshAfterTimeUtc + ", redacted]";
	}

}
