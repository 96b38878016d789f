/**
 * Per-team policies: who belongs to which team, which resources and fields each team may read or
 * reveal, and the decisions drawn from them. Default deny.
 */
@NullMarked
package dev.credbroker.policy;

import org.jspecify.annotations.NullMarked;
