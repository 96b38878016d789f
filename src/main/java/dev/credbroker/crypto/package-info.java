/**
 * The broker's HMAC keys, configured or, where a key may be missing, made at start; and the
 * AES-GCM keys that seal what the fleet keeps in Redis.
 */
@NullMarked
package dev.credbroker.crypto;

import org.jspecify.annotations.NullMarked;
