package dev.credbroker.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} and its Swagger UI at {@code /swagger-ui.html}:
 * every operation needs a bearer JWT, which the UI's Authorize button takes.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
		info = @Info(title = "credential-broker",
				description = "Scoped, redacted and audited access to Azure Machine Learning secrets. "
						+ "A caller sees only the fields its team's policy lets it read, each redacted to its "
						+ "length and fingerprint unless it asks to reveal it and the policy lets it.",
				version = "v1"),
		security = @SecurityRequirement(name = OpenApiConfiguration.BEARER))
@SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
		bearerFormat = "JWT",
		description = "A JWT from a trusted issuer, for one of the broker's audiences, signed with RS*, PS* or ES*.")
class OpenApiConfiguration {

	static final String BEARER = "bearer-jwt";

}
