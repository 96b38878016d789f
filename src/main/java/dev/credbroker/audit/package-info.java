/**
 * The audit trail: one tamper-evident record per API request, written before any secret leaves
 * the broker, and the tool that verifies a trail.
 */
@NullMarked
package dev.credbroker.audit;

import org.jspecify.annotations.NullMarked;
