package dev.credbroker.api;

import dev.credbroker.access.AccessService;
import dev.credbroker.access.InvalidParameterException;
import dev.credbroker.azure.MlResource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Drops a resource's cached answer, after its keys were rotated. Only a team whose grant on the
 * resource says {@code evict: true} may.
 */
@RestController
class CacheController {

	private final AccessService access;

	CacheController(AccessService access) {
		this.access = access;
	}

	@PostMapping(path = "/api/v1/cache/evictions", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@AuditAction.Audited(AuditAction.CACHE_EVICT)
	@Operation(operationId = "evictCache", tags = OpenApiConfiguration.CACHE,
			summary = "Drop a resource's cached answer, after its keys were rotated",
			description = "The next request for the resource asks Azure. Needs a grant on the resource with "
					+ "`evict: true`; says whether an answer was cached.")
	@Answers({ ApiProblem.INVALID_PARAMETER, ApiProblem.POLICY_DENIED })
	AccessService.Eviction evict(@RequestBody EvictionRequest body,
			@Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt, HttpServletRequest request) {
		if (body.resourceId() == null) {
			throw new InvalidParameterException("resourceId", "is required");
		}
		MlResource resource = MlResource.parse(body.resourceId());
		return AuditedOutcome.of(request, this.access.evict(jwt.getClaims(), resource)).orThrow();
	}

	/**
	 * The request.
	 *
	 * @param resourceId the ARM id of the resource
	 */
	record EvictionRequest(@Nullable String resourceId) {
	}

}
