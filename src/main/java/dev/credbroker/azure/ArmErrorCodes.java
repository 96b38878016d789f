package dev.credbroker.azure;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the stable error code from an ARM error body. A code that does not look like one (ARM's
 * codes are identifiers) is dropped, so that free text cannot travel under its name.
 */
final class ArmErrorCodes {

	private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9._]{0,63}");

	private ArmErrorCodes() {
	}

	static @Nullable String read(JsonMapper jsonMapper, byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			ArmErrorResponse response = jsonMapper.readValue(body, ArmErrorResponse.class);
			String code = (response != null && response.error() != null) ? response.error().code() : null;
			return (code != null && CODE.matcher(code).matches()) ? code : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
