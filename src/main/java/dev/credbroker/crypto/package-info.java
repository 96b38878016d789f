/**
 * The broker's HMAC keys, configured or, where a key may be missing, made at start.
 */
@NullMarked
package dev.credbroker.crypto;

import org.jspecify.annotations.NullMarked;
