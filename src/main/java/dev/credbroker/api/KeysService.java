package dev.credbroker.api;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import dev.credbroker.audit.AuditEvent;
import dev.credbroker.azure.MlResource;
import dev.credbroker.policy.Access;
import dev.credbroker.policy.Decision;
import dev.credbroker.secrets.KeysView;
import dev.credbroker.secrets.Fingerprinter;
import dev.credbroker.secrets.KnownFields;
import dev.credbroker.secrets.Lookup;
import dev.credbroker.secrets.ResourceSecrets;
import dev.credbroker.secrets.SecretsService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Service;

/**
 * Applies the caller's policy to a keys request: charged to its team's quota first (see
 * {@link QuotaGate}), decided before Azure is called, so that a denied request costs no ARM call,
 * and again on the fields Azure returned when it named one that was not decided on before
 * (registry passwords are named by Azure).
 */
@Service
class KeysService {

	private static final Log logger = LogFactory.getLog(KeysService.class);

	private final QuotaGate gate;

	private final SecretsService secrets;

	private final Fingerprinter fingerprinter;

	KeysService(QuotaGate gate, SecretsService secrets, Fingerprinter fingerprinter) {
		this.gate = gate;
		this.secrets = secrets;
		this.fingerprinter = fingerprinter;
	}

	Served view(MlResource resource, Map<String, Object> claims, FieldRequest request) {
		AuditDetails audit = AuditDetails.current();
		audit.resourceId = resource.id();
		Access access = this.gate.access(claims, resource.id());
		Set<String> known = KnownFields.of(resource.isCompute());
		Decision beforeAzure = decide(resource, access, known, request);
		Lookup lookup = this.secrets.fetch(resource);
		ResourceSecrets secrets = lookup.secrets();
		audit.upstream = new AuditEvent.Upstream((lookup.outcome() == Lookup.Outcome.HIT) ? 0 : 200,
				secrets.armRequestId(), lookup.outcome().tag());
		// Every field is decided on its own, so when Azure returned only names decided already, the
		// decision before the call is the decision on them (the view shows only fields Azure returned).
		Decision decision = known.containsAll(secrets.fields().keySet()) ? beforeAzure
				: decide(resource, access, secrets.fields().keySet(), request);
		KeysView view = KeysView.of(lookup, decision.readable(), decision.revealed(), this.fingerprinter);
		view.secrets().forEach((name, field) -> audit.returned.add(returned(secrets, name, field)));
		return new Served(view, lookup);
	}

	/**
	 * A view and how its secrets were found.
	 *
	 * @param view the view
	 * @param lookup the cache's answer
	 */
	record Served(KeysView view, Lookup lookup) {
	}

	private AuditEvent.Returned returned(ResourceSecrets secrets, String name, KeysView.FieldView field) {
		if (field.fingerprint() != null) {
			return new AuditEvent.Returned(name, AuditEvent.Disclosure.REDACTED, field.fingerprint());
		}
		return new AuditEvent.Returned(name, AuditEvent.Disclosure.REVEALED, this.fingerprinter.fingerprint(secrets.fields().get(name)));
	}

	private static Decision decide(MlResource resource, Access access, Collection<String> candidates,
			FieldRequest request) {
		Decision decision = Decision.of(access, candidates, request.fields(), request.reveal());
		AuditDetails.current().decided(decision.allowed(), decision.reason(), decision.grants());
		if (logger.isDebugEnabled()) {
			logger.debug("Decision on " + resource.id() + ": " + decision.reason().value() + ", teams " + decision.teams()
					+ ", grants " + decision.grants());
		}
		if (!decision.allowed()) {
			throw new DeniedException(decision);
		}
		return decision;
	}

}
