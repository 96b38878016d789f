/**
 * The REST API: controllers, request validation and the mapping of every error to RFC 9457 Problem Details.
 */
@NullMarked
package dev.credbroker.api;

import org.jspecify.annotations.NullMarked;
