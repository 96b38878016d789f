package dev.credbroker.api;

import java.util.Collection;
import java.util.Map;

import dev.credbroker.azure.MlResource;
import dev.credbroker.policy.Access;
import dev.credbroker.policy.Decision;
import dev.credbroker.policy.PolicyStore;
import dev.credbroker.secrets.KeysView;
import dev.credbroker.secrets.KnownFields;
import dev.credbroker.secrets.ResourceSecrets;
import dev.credbroker.secrets.SecretsService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Service;

/**
 * Applies the caller's policy to a keys request: decided before Azure is called, so that a denied
 * request costs no ARM call, and again on the fields Azure returned, since registry passwords are
 * named by Azure.
 */
@Service
class KeysService {

	private static final Log logger = LogFactory.getLog(KeysService.class);

	private final PolicyStore policies;

	private final SecretsService secrets;

	KeysService(PolicyStore policies, SecretsService secrets) {
		this.policies = policies;
		this.secrets = secrets;
	}

	KeysView view(MlResource resource, Map<String, Object> claims, FieldRequest request) {
		Access access = this.policies.current().access(claims, resource.id());
		decide(resource, access, KnownFields.of(resource.isCompute()), request);
		ResourceSecrets secrets = this.secrets.fetch(resource);
		Decision decision = decide(resource, access, secrets.fields().keySet(), request);
		return KeysView.of(secrets, decision.readable(), decision.revealed());
	}

	private static Decision decide(MlResource resource, Access access, Collection<String> candidates,
			FieldRequest request) {
		Decision decision = Decision.of(access, candidates, request.fields(), request.reveal());
		if (logger.isDebugEnabled()) {
			logger.debug("Decision on " + resource.id() + ": " + decision.reason() + ", teams " + decision.teams()
					+ ", grants " + decision.grants());
		}
		if (!decision.allowed()) {
			throw new DeniedException(decision);
		}
		return decision;
	}

}
