package dev.credbroker.support;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The broker's policy file schema, {@code /policy-schema.json} as shipped in its jar, loaded once.
 */
public final class PolicySchema {

	private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
		.getSchema(Fixtures.resource("/policy-schema.json"), InputFormat.JSON);

	private PolicySchema() {
	}

	public static Schema get() {
		return SCHEMA;
	}

}
