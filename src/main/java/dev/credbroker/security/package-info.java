/**
 * Authentication of callers by JWT, and the caller identity the rest of the broker sees.
 */
@NullMarked
package dev.credbroker.security;

import org.jspecify.annotations.NullMarked;
