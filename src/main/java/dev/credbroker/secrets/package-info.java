/**
 * The secret model, its flattening into named fields, and the redacted views returned to callers.
 */
@NullMarked
package dev.credbroker.secrets;

import org.jspecify.annotations.NullMarked;
