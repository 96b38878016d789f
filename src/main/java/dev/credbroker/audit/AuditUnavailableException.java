package dev.credbroker.audit;

/**
 * The audit record could not be written, so the request must not be answered with secrets.
 */
public class AuditUnavailableException extends RuntimeException {

	AuditUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
