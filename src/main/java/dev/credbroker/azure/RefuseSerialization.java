package dev.credbroker.azure;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * For payloads that hold secret values: Jackson reads them from Azure but never writes them
 * anywhere, so that no mistake can send or log one whole.
 */
final class RefuseSerialization extends ValueSerializer<Object> {

	@Override
	public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
		throw new IllegalStateException(value.getClass().getSimpleName() + " holds secrets and is never written");
	}

}
