package dev.credbroker.support;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;

/**
 * The broker's policy file schema, {@code /policy-schema.json} as shipped in its jar, loaded once.
 */
public final class PolicySchema {

	/** Draft 2020-12, with the editors' errorMessage as an annotation, as an editor reads it. */
	private static final Schema SCHEMA = SchemaRegistry
		.withDefaultDialect(
				Dialect.builder(Dialects.getDraft202012()).keyword(new AnnotationKeyword("errorMessage")).build())
		.getSchema(Fixtures.resource("/policy-schema.json"), InputFormat.JSON);

	private PolicySchema() {
	}

	public static Schema get() {
		return SCHEMA;
	}

}
