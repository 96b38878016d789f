package dev.credbroker.azure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Resource Manager's error body. Only the stable {@code code} is read: the {@code message} is
 * localised free text that could carry anything, so it never leaves this package.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ArmErrorResponse(@Nullable Detail error) {

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Detail(@Nullable String code) {
	}

}
