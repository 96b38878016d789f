package dev.credbroker.api;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * The trace id of the request being served: the one Micrometer Tracing took from the caller's W3C
 * {@code traceparent}, or started, and propagates to Azure Resource Manager.
 */
final class TraceIds {

	/** Looked up once, at the first request: a bean lookup for every request costs as much as a view. */
	private final SingletonSupplier<Tracer> tracer;

	TraceIds(ObjectProvider<Tracer> tracer) {
		this.tracer = SingletonSupplier.of(tracer::getIfAvailable);
	}

	@Nullable String current(HttpServletRequest request) {
		Tracer tracer = this.tracer.get();
		Span span = (tracer != null) ? tracer.currentSpan() : null;
		return (span != null) ? span.context().traceId() : null;
	}

}
