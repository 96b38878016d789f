package dev.credbroker.audit;

import java.io.IOException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records API requests, one chained record each. Recording fails closed: when the sink cannot
 * take the record, the caller is told, the failure is counted, and the chain does not advance, so
 * the trail stays intact and the next record continues it once the sink recovers.
 */
public class AuditTrail {

	private static final Log logger = LogFactory.getLog(AuditTrail.class);

	private final AuditSink sink;

	private final AuditChain chain;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Counter failures;

	/** The last record written: replaced, under the lock, as one, so that it is read without it. */
	private volatile ChainPosition head;

	AuditTrail(AuditSink sink, AuditChain chain, ChainPosition start, MeterRegistry meterRegistry) {
		this.sink = sink;
		this.chain = chain;
		this.head = start;
		this.failures = Counter.builder("broker.audit.failures")
			.description("Audit records that could not be written; each failed its request")
			.register(meterRegistry);
		Gauge.builder("broker.audit.sequence", this, (trail) -> trail.head.seq())
			.description("The seq of the last audit record written: the chain head's")
			.register(meterRegistry);
	}

	/**
	 * Writes a record, and returns only once it is written. The record is serialised before the
	 * trail's lock is taken; under it, only its place in the chain is added, hashed and written,
	 * so that requests queue for the write alone.
	 * @param event what happened
	 * @throws AuditUnavailableException if the record could not be written
	 */
	public void record(AuditEvent event) {
		AuditChain.Draft draft = AuditChain.draft(this.json, event);
		synchronized (this) {
			long next = this.head.seq() + 1;
			AuditChain.Chained chained = this.chain.link(draft, next, this.head.hash());
			try {
				this.sink.write(chained.line());
			}
			catch (IOException | RuntimeException ex) {
				this.failures.increment();
				logger.error("Audit record " + next + " could not be written: " + ex.getClass().getName() + ": "
						+ ex.getMessage());
				throw new AuditUnavailableException("The audit trail is unavailable", ex);
			}
			this.head = new ChainPosition(next, chained.hash());
		}
	}

	/** @return the last record written, or where the trail started if none was */
	ChainPosition head() {
		return this.head;
	}

	/** @return the process whose chain this is */
	AuditChain.Origin origin() {
		return this.chain.origin();
	}

	@Nullable String sinkProblem() {
		return this.sink.problem();
	}

	String sinkName() {
		return this.sink.name();
	}

	/**
	 * Where a trail continues from.
	 *
	 * @param seq the last record's sequence number, 0 for a new trail
	 * @param hash the last record's hash
	 */
	record ChainPosition(long seq, String hash) {

		static final ChainPosition START = new ChainPosition(0, AuditChain.GENESIS);

	}

}
