package dev.credbroker.access;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.credbroker.azure.ArmException;
import dev.credbroker.azure.MlResource;
import dev.credbroker.policy.Access;
import dev.credbroker.policy.Decision;
import dev.credbroker.policy.Policy;
import dev.credbroker.policy.PolicyStore;
import dev.credbroker.policy.QuotaExceededException;
import dev.credbroker.policy.TeamQuotas;
import dev.credbroker.secrets.KeysView;
import dev.credbroker.secrets.KnownFields;
import dev.credbroker.secrets.Lookup;
import dev.credbroker.secrets.ResourceSecrets;
import dev.credbroker.secrets.SecretKind;
import dev.credbroker.secrets.SecretsService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * A caller's requests for a resource. Each is charged to its team's quota first (matching the
 * request's field patterns is the work a quota bounds, so a request over quota gets no decision),
 * decided by the policy before Azure is called (a denied request costs no ARM call), and decided
 * again on the fields Azure returned when it named one not decided on before (registry passwords
 * are named by Azure). Every request ends in an {@link Outcome}, served or refused.
 */
@Service
public class AccessService {

	private static final Log logger = LogFactory.getLog(AccessService.class);

	private final PolicyStore policies;

	private final TeamQuotas quotas;

	private final SecretsService secrets;

	AccessService(PolicyStore policies, TeamQuotas quotas, SecretsService secrets) {
		this.policies = policies;
		this.quotas = quotas;
		this.secrets = secrets;
	}

	/**
	 * A view of a resource's secrets.
	 * @param claims the claims of the caller's validated token
	 * @param kind the kind of secret
	 * @param resource the resource, on the kind's path
	 * @param request the fields asked for
	 * @return the view and its age, or the refusal
	 */
	public Outcome<Served> view(Map<String, Object> claims, SecretKind<?> kind, MlResource resource,
			FieldRequest request) {
		Charged charged = charge(claims, resource.id(), request);
		Outcome<Served> refused = charged.refusal();
		if (refused != null) {
			return refused;
		}
		Access access = charged.access();
		KnownFields known = kind.known();
		Decision beforeAzure = decide(resource, access, known.names(), known.clear(), request);
		if (!beforeAzure.allowed()) {
			return charged.denied(beforeAzure);
		}
		Lookup lookup;
		try {
			lookup = this.secrets.fetch(kind, resource);
		}
		catch (ArmException ex) {
			Outcome.Upstream upstream = new Outcome.Upstream(ex.upstreamStatus(), ex.requestId(),
					ex.isRemembered() ? Lookup.Outcome.HIT : null);
			return charged.outcome(Outcome.Verdict.of(beforeAzure), upstream, List.of(), null, ex);
		}
		ResourceSecrets secrets = lookup.secrets();
		Outcome.Upstream upstream = new Outcome.Upstream((lookup.outcome() == Lookup.Outcome.HIT) ? 0 : 200,
				secrets.armRequestId(), lookup.outcome());
		// Every field is decided on its own, so when Azure returned only names decided already, the
		// decision before the call is the decision on them (the view shows only fields Azure returned).
		Decision decision = known.names().containsAll(secrets.fields().keySet()) ? beforeAzure
				: decide(resource, access, secrets.fields().keySet(), known.clear(), request);
		if (!decision.allowed()) {
			return charged.outcome(Outcome.Verdict.of(decision), upstream, List.of(), null,
					new DeniedException(decision));
		}
		KeysView view = KeysView.of(lookup, decision.readable(), decision.revealed());
		List<Outcome.Disclosed> disclosed = new ArrayList<>(view.secrets().size());
		view.secrets().forEach((name, field) -> disclosed.add(new Outcome.Disclosed(name, shown(secrets, name, field),
				secrets.fingerprint(name))));
		Duration age = (lookup.outcome() != Lookup.Outcome.MISS) ? lookup.age() : null;
		return charged.outcome(Outcome.Verdict.of(decision), upstream, disclosed, new Served(view, age), null);
	}

	private static Outcome.Shown shown(ResourceSecrets secrets, String name, KeysView.FieldView field) {
		if (field.fingerprint() != null) {
			return Outcome.Shown.REDACTED;
		}
		return secrets.isClear(name) ? Outcome.Shown.CLEAR : Outcome.Shown.REVEALED;
	}

	/**
	 * What the caller's policy would decide for a resource, without calling Azure, on every field
	 * it may have: of every kind of secret it has (an online endpoint's keys and its token). The dry
	 * run is charged like the request it stands for: deciding is what it costs.
	 * @param claims the claims of the caller's validated token
	 * @param resource the resource
	 * @param request the fields asked for
	 * @return the decision
	 */
	public Outcome<DryRun> dryRun(Map<String, Object> claims, MlResource resource, FieldRequest request) {
		KnownFields known = DryRun.known(resource);
		Charged charged = charge(claims, resource.id(), request);
		Outcome<DryRun> refused = charged.refusal();
		if (refused != null) {
			return refused;
		}
		Access access = charged.access();
		Decision decision = DryRun.decide(known, access, request);
		return charged.outcome(new Outcome.Verdict(true, decision.reason(), true), null, List.of(),
				DryRun.of(resource.id(), known, access, decision), null);
	}

	/**
	 * Drops a resource's cached answers, of every kind of secret it has, after its keys were rotated.
	 * Only a team whose grant on the resource says {@code evict: true} may.
	 * @param claims the claims of the caller's validated token
	 * @param resource the resource
	 * @return whether an answer was dropped
	 */
	public Outcome<Eviction> evict(Map<String, Object> claims, MlResource resource) {
		DryRun.known(resource);
		Access access = this.policies.current().access(claims, resource.id());
		Decision.Reason denial = access.denial().orElse(access.canEvict() ? null : Decision.Reason.EVICT_NOT_GRANTED);
		// An eviction is charged to no team's quota, so its outcome names none: the request metrics
		// then tag it with the caller's first team, as they did before the use case moved here.
		Charged charged = new Charged(resource.id(), FieldRequest.ALL, access, null, null);
		if (denial != null) {
			return charged.denied(new Decision(false, denial, access.teams(), access.grants(), List.of(), List.of(),
					List.of()));
		}
		return charged.outcome(new Outcome.Verdict(true, Decision.Reason.ALLOW, false), null, List.of(),
				new Eviction(resource.id(), this.secrets.evict(resource)), null);
	}

	/**
	 * The caller's access to the resource, charged to its team; or the refusal when the team is
	 * over its quota, naming the grants that cover the resource and the team.
	 */
	private Charged charge(Map<String, Object> claims, String resourceId, FieldRequest request) {
		Policy policy = this.policies.current();
		Access access = policy.access(claims, resourceId);
		try {
			return new Charged(resourceId, request, access, this.quotas.charge(policy, access).orElse(null), null);
		}
		catch (QuotaExceededException ex) {
			return new Charged(resourceId, request, access, ex.team(), ex);
		}
	}

	private static Decision decide(MlResource resource, Access access, Collection<String> candidates,
			Set<String> clear, FieldRequest request) {
		Decision decision = Decision.of(access, candidates, clear, request.fields(), request.reveal());
		if (logger.isDebugEnabled()) {
			logger.debug("Decision on " + resource.id() + ": " + decision.reason().value() + ", teams " + decision.teams()
					+ ", grants " + decision.grants());
		}
		return decision;
	}

	/**
	 * A view and how old the answer it shows is.
	 *
	 * @param view the view
	 * @param age the cached answer's age; {@code null} when Azure was asked for it
	 */
	public record Served(KeysView view, @Nullable Duration age) {
	}

	/**
	 * The eviction's answer.
	 *
	 * @param resourceId the resource
	 * @param evicted whether an entry was dropped
	 */
	public record Eviction(String resourceId, boolean evicted) {
	}

	/**
	 * A request whose team has been charged, or found over its quota: what every outcome of it
	 * shares.
	 */
	private record Charged(String resourceId, FieldRequest request, Access access, @Nullable String team,
			@Nullable QuotaExceededException over) {

		/** The refusal of a request whose team is over its quota; {@code null} when it is not. */
		<T> @Nullable Outcome<T> refusal() {
			return (this.over != null)
					? outcome(Outcome.Verdict.denied(Decision.Reason.QUOTA_EXCEEDED), null, List.of(), null, this.over)
					: null;
		}

		<T> Outcome<T> denied(Decision decision) {
			return outcome(Outcome.Verdict.of(decision), null, List.of(), null, new DeniedException(decision));
		}

		<T> Outcome<T> outcome(Outcome.Verdict verdict, Outcome.@Nullable Upstream upstream,
				List<Outcome.Disclosed> disclosed, @Nullable T value, @Nullable RuntimeException refusal) {
			return new Outcome<>(this.resourceId, this.request, this.access.teams(), this.access.grants(), this.team,
					verdict, upstream, disclosed, value, refusal);
		}

	}

}
