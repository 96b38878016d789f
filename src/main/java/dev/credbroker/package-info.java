/**
 * The credential broker. Features live in sub-packages; {@code api} depends on the others, never
 * the reverse.
 */
@NullMarked
package dev.credbroker;

import org.jspecify.annotations.NullMarked;
