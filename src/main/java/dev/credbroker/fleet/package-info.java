/**
 * What replicas share when they run as a fleet: token buckets (the ARM budget, team quotas) and,
 * in {@code redis} mode, Redis itself, its connection, its locks and its notifications. Local mode
 * needs none of it but the buckets, held in the replica's memory.
 */
@NullMarked
package dev.credbroker.fleet;

import org.jspecify.annotations.NullMarked;
