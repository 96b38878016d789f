package dev.credbroker.azure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The body of Online, Batch and Serverless Endpoints - List Keys ({@code EndpointAuthKeys}). Both
 * keys may be null. Holds secret values: {@link #toString()} redacts them.
 *
 * @param primaryKey the primary key
 * @param secondaryKey the secondary key
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonSerialize(using = RefuseSerialization.class)
public record EndpointKeys(@Nullable String primaryKey, @Nullable String secondaryKey) {

	@Override
	public String toString() {
		return "EndpointKeys[redacted]";
	}

}
