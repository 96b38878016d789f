package dev.credbroker.audit;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>
 * Group commit: concurrent requests' records go to the sink in one write. A request queues its
 * record, then takes the writer's lock; whoever holds it chains every queued record, in queue
 * order, and writes them at once, so that a request that finds its record written by another
 * returns at once. Each request returns only once the write that holds its record has returned,
 * and fails if that write failed: every record of a failed write fails its request, and the chain
 * continues from the last record written.
 */
public class AuditTrail implements Closeable {

	private static final Log logger = LogFactory.getLog(AuditTrail.class);

	private final AuditSink sink;

	private final AuditChain chain;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Counter failures;

	/** The last record written: replaced, under the lock, as one, so that it is read without it. */
	private volatile ChainPosition head;

	/** Records waiting for the writer. */
	private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();

	/** Held by the one request that chains and writes the queued records. */
	private final ReentrantLock writer = new ReentrantLock();

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
	 * writer's lock is taken; under it, only its place in the chain is added, hashed and written,
	 * with the records of the requests that queued meanwhile.
	 * <p>
	 * A request never waits for the lock: it writes if the lock is free, else parks until the writer
	 * marks its record done and wakes it, or wakes it to write next. Waiting for the lock made a convoy:
	 * each waiter woke only to take the lock, see its record written and hand the lock on, one
	 * after the other, and under the cache hit's load the machine sat 15 to 18% idle against the
	 * floor app's 6 to 7% (bench/README.md).
	 * @param event what happened
	 * @throws AuditUnavailableException if the record could not be written
	 */
	public void record(AuditEvent event) {
		Pending pending = new Pending(AuditChain.draft(this.json, event), Thread.currentThread());
		this.queue.add(pending);
		boolean interrupted = false;
		while (!pending.done) {
			if (this.writer.tryLock()) {
				List<Pending> batch = new ArrayList<>();
				try {
					writeQueued(batch);
				}
				finally {
					this.writer.unlock();
					// In a finally block: whatever the writer threw, no request of its batch waits on.
					wake(batch, pending);
				}
			}
			else {
				// Uninterruptibly, as a lock is taken: the record may be written already, and the
				// request must learn whether it was.
				LockSupport.park(this);
				interrupted |= Thread.interrupted();
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		// Set before done by whichever request wrote it. A record done but neither written nor failed
		// (the writer threw an Error) fails too: closed, not open.
		if (!pending.written) {
			Exception failure = pending.failure;
			throw new AuditUnavailableException("The audit trail is unavailable",
					(failure != null) ? failure : new IllegalStateException("The record was not written"));
		}
	}

	/**
	 * Chains every queued record after the head and writes them in one write, noting of each
	 * whether it was written or why not. Under the lock.
	 * @param batch receives the records it takes from the queue
	 */
	private void writeQueued(List<Pending> batch) {
		for (Pending next = this.queue.poll(); next != null; next = this.queue.poll()) {
			batch.add(next);
		}
		if (batch.isEmpty()) {
			return;
		}
		long seq = this.head.seq();
		String hash = this.head.hash();
		try {
			List<byte[]> lines = new ArrayList<>(batch.size());
			int length = 0;
			for (Pending pending : batch) {
				AuditChain.Chained chained = this.chain.link(pending.draft, ++seq, hash);
				hash = chained.hash();
				lines.add(chained.line());
				length += chained.line().length;
			}
			byte[] all = (lines.size() == 1) ? lines.get(0) : new byte[length];
			if (lines.size() > 1) {
				int at = 0;
				for (byte[] line : lines) {
					System.arraycopy(line, 0, all, at, line.length);
					at += line.length;
				}
			}
			this.sink.write(all);
		}
		catch (IOException | RuntimeException ex) {
			this.failures.increment(batch.size());
			long first = this.head.seq() + 1;
			long last = this.head.seq() + batch.size();
			logger.error("Audit record" + ((batch.size() == 1) ? " " + first : "s " + first + " to " + last)
					+ " could not be written: " + ex.getClass().getName() + ": " + ex.getMessage());
			for (Pending pending : batch) {
				pending.failure = ex;
			}
			return;
		}
		this.head = new ChainPosition(seq, hash);
		for (Pending pending : batch) {
			pending.written = true;
		}
	}

	/**
	 * Marks a batch's records done and wakes their requests, then the first request still queued:
	 * it queued while the lock was held, could not take it, and waits. Each holder does this after
	 * releasing the lock, so no record queued before a release is left without a request to write
	 * it.
	 * @param batch the records the writer took
	 * @param own the writer's own record, whose request is awake
	 */
	private void wake(List<Pending> batch, Pending own) {
		for (Pending done : batch) {
			done.done = true;
			if (done != own) {
				LockSupport.unpark(done.waiter);
			}
		}
		Pending next = this.queue.peek();
		if (next != null) {
			LockSupport.unpark(next.waiter);
		}
	}

	/** Closes the sink, if it holds a file open; a record after this opens it again. */
	@Override
	public void close() throws IOException {
		if (this.sink instanceof Closeable closeable) {
			closeable.close();
		}
	}

	/** @return how many records wait for the writer, for tests */
	int queued() {
		return this.queue.size();
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

	/** A record waiting for the writer, and what became of it: set by the writer before it is done. */
	private static final class Pending {

		private final AuditChain.Draft draft;

		/** The request's thread, woken once the record is done. */
		private final Thread waiter;

		private boolean written;

		private @Nullable Exception failure;

		/** Written or failed: read without the lock, so it publishes the two before it. */
		private volatile boolean done;

		Pending(AuditChain.Draft draft, Thread waiter) {
			this.draft = draft;
			this.waiter = waiter;
		}

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
