package dev.credbroker.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.jspecify.annotations.Nullable;

/**
 * The registry that {@code /actuator/prometheus} scrapes, whose exemplars (trace ids, with tracing
 * on) sit on histogram buckets only, the one place where every supported scraper takes them.
 * Prometheus before 2.43 drops a whole scrape with an exemplar on a histogram's or a summary's
 * {@code _count} ("does not support exemplars"), and Google's managed Prometheus refuses counters'
 * exemplars too. Micrometer puts them on all three. The {@code _count} ones are left out by the
 * exposition setting {@code io.prometheus.exporter.exemplarsOnAllMetricTypes=false}
 * (application.yaml); the counters' are dropped here, since no setting does it.
 */
final class BucketExemplarsOnly extends PrometheusRegistry {

	/**
	 * Every other {@code scrape} method of the registry comes down to this one.
	 */
	@Override
	public MetricSnapshots scrape(@Nullable PrometheusScrapeRequest request) {
		MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
		for (MetricSnapshot snapshot : super.scrape(request)) {
			snapshots.metricSnapshot((snapshot instanceof CounterSnapshot counter) ? withoutExemplars(counter) : snapshot);
		}
		return snapshots.build();
	}

	private static CounterSnapshot withoutExemplars(CounterSnapshot counter) {
		return new CounterSnapshot(counter.getMetadata(),
				counter.getDataPoints()
					.stream()
					.map((point) -> new CounterDataPointSnapshot(point.getValue(), point.getLabels(), null,
							point.getCreatedTimestampMillis(), point.getScrapeTimestampMillis()))
					.toList());
	}

}
