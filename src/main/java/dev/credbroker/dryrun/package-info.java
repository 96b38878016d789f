/**
 * The policy's dry run: what a caller's policy decides for a resource, without calling Azure, as
 * the API's {@code /api/v1/policy/decision} answers it and as {@code policy-check} prints it
 * offline. Here, where the policy and the secrets' field names meet, so that neither package
 * depends on the other.
 */
@NullMarked
package dev.credbroker.dryrun;

import org.jspecify.annotations.NullMarked;
