package dev.credbroker.api;

import java.util.List;

import dev.credbroker.azure.MlResource;
import dev.credbroker.policy.Access;
import dev.credbroker.policy.Decision;
import dev.credbroker.policy.PolicyStore;
import dev.credbroker.secrets.SecretsCache;
import io.swagger.v3.oas.annotations.Parameter;
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

	private final PolicyStore policies;

	private final SecretsCache cache;

	CacheController(PolicyStore policies, SecretsCache cache) {
		this.policies = policies;
		this.cache = cache;
	}

	@PostMapping(path = "/api/v1/cache/evictions", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@AuditAction.Audited(AuditAction.CACHE_EVICT)
	Eviction evict(@RequestBody EvictionRequest request, @Parameter(hidden = true) @AuthenticationPrincipal Jwt jwt) {
		if (request.resourceId() == null) {
			throw new InvalidParameterException("resourceId", "is required");
		}
		MlResource resource = MlResource.parse(request.resourceId());
		AuditDetails audit = AuditDetails.current();
		audit.resourceId = resource.id();
		Access access = this.policies.current().access(jwt.getClaims(), resource.id());
		Decision.Reason denial = access.denial().orElse(access.canEvict() ? null : Decision.Reason.EVICT_NOT_GRANTED);
		if (denial != null) {
			audit.decided(false, denial, access.grants());
			throw new DeniedException(new Decision(false, denial, access.teams(), access.grants(), List.of(),
					List.of(), List.of()));
		}
		audit.decided(true, Decision.Reason.ALLOW, access.grants());
		return new Eviction(resource.id(), this.cache.evict(resource.id()));
	}

	/**
	 * The request.
	 *
	 * @param resourceId the ARM id of the workspace or compute
	 */
	record EvictionRequest(@Nullable String resourceId) {
	}

	/**
	 * The answer.
	 *
	 * @param resourceId the resource
	 * @param evicted whether an entry was dropped
	 */
	record Eviction(String resourceId, boolean evicted) {
	}

}
