package dev.credbroker.api;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The trace id of the request being served: the one Micrometer Tracing took from the caller's W3C
 * {@code traceparent}, or started, and propagates to Azure Resource Manager.
 */
final class TraceIds {

	private final ObjectProvider<Tracer> tracer;

	TraceIds(ObjectProvider<Tracer> tracer) {
		this.tracer = tracer;
	}

	@Nullable String current(HttpServletRequest request) {
		Tracer tracer = this.tracer.getIfAvailable();
		Span span = (tracer != null) ? tracer.currentSpan() : null;
		return (span != null) ? span.context().traceId() : null;
	}

}
