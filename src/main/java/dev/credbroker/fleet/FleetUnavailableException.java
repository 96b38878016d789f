package dev.credbroker.fleet;

/**
 * Redis is known to be down: the operation was not tried.
 */
public class FleetUnavailableException extends RuntimeException {

	FleetUnavailableException() {
		super("Redis cannot be reached", null, false, false);
	}

}
