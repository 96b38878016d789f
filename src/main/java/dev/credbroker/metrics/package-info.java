/**
 * What Prometheus scrapes from the management port, shaped so that every supported scraper
 * accepts it.
 */
@NullMarked
package dev.credbroker.metrics;

import org.jspecify.annotations.NullMarked;
