/**
 * The access use case: a caller asks for a resource's secrets, a dry run of its policy, or the
 * eviction of a cached answer. Charged to the team's quota, decided by the policy before Azure is
 * asked, answered from the cache or Azure, and told back as one typed {@link Outcome} from which
 * the web layer makes both the response and the audit record.
 */
@NullMarked
package dev.credbroker.access;

import org.jspecify.annotations.NullMarked;
