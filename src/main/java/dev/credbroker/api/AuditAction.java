package dev.credbroker.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What an API operation other than the secrets endpoints is called in its audit record and in the
 * {@code operation} tag of {@code broker.requests}. Each handler method names its own with
 * {@link Audited}, so the routes are known once, by Spring MVC's handler mapping; a secrets
 * endpoint's action is its kind's ARM operation, such as {@code compute.listKeys}.
 */
enum AuditAction {

	POLICY_DECISION("policy.decision"),

	ME("me"),

	CACHE_EVICT("cache.evict"),

	/** A path that no operation serves. */
	UNKNOWN("unknown");

	private final String value;

	AuditAction(String value) {
		this.value = value;
	}

	/**
	 * The action as the audit record and the metrics spell it.
	 * @return the value, such as {@code workspace.listKeys}
	 */
	String value() {
		return this.value;
	}

	/**
	 * Names the audit action of a handler method.
	 */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@interface Audited {

		AuditAction value();

	}

}
