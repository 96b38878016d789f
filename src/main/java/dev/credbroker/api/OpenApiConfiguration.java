package dev.credbroker.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} and its Swagger UI at {@code /swagger-ui.html}:
 * every operation needs a bearer JWT, which the UI's Authorize button takes. The same document is
 * committed as {@code docs/openapi.yaml}. Its server is relative unless
 * {@code broker.openapi.server-url} names one, so that the committed file names no host.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
		info = @Info(title = "credential-broker",
				description = "Scoped, redacted and audited access to Azure Machine Learning secrets. "
						+ "A caller sees only the fields its team's policy lets it read, each redacted to its "
						+ "length and fingerprint unless it asks to reveal it and the policy lets it. "
						+ "Errors are RFC 9457 Problem Details with a stable `code`.",
				version = "v1", license = @License(name = "Apache-2.0")),
		servers = @Server(url = "${broker.openapi.server-url:/}"),
		security = @SecurityRequirement(name = OpenApiConfiguration.BEARER),
		tags = { @Tag(name = OpenApiConfiguration.SECRETS, description = "Views of Azure ML secrets, shaped by policy"),
				@Tag(name = OpenApiConfiguration.POLICY, description = "What the caller's policy decides"),
				@Tag(name = OpenApiConfiguration.CACHE, description = "The broker's cache of Azure's answers"),
				@Tag(name = OpenApiConfiguration.IDENTITY, description = "The caller as the broker sees it") })
@SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
		bearerFormat = "JWT",
		description = "A JWT from one of the broker's trusted issuers, for one of its audiences, signed with RS*, "
				+ "PS* or ES*: a Microsoft Entra ID token for `api://<broker-app-id>/.default` (managed or workload "
				+ "identity, or `az account get-access-token --scope api://<broker-app-id>/.default`), or a "
				+ "Kubernetes service-account token projected with the broker's audience. See "
				+ "docs/calling-the-broker.md.")
class OpenApiConfiguration {

	static final String BEARER = "bearer-jwt";

	static final String SECRETS = "Secrets";

	static final String POLICY = "Policy";

	static final String CACHE = "Cache";

	static final String IDENTITY = "Identity";

}
