package dev.credbroker.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Phase 3 of {@code bench/run}: exactly N concurrent requests for one resource, one thread each,
 * released together from a barrier once all N threads have started. wrk cannot send "exactly N",
 * hence this client. Prints one line, {@code STAMPEDE sent=N statuses=200:N overlapped=K} and
 * latencies ({@code p50_us}, {@code p99_us}, {@code p999_us}, {@code max_us}), where
 * {@code overlapped} counts the requests sent before the first answer came back: the broker answers
 * none before ARM has answered, so these were sent while the one ARM call was under way.
 *
 * <p>So that the N requests reach the broker together rather than one connection set-up after
 * another, the client first sends N concurrent requests to a priming URL (the baseline's
 * {@code /api/v1/me}), which leaves N open connections in its pool for the stampede to reuse.
 *
 * <p>Arguments: the URL, the priming URL, the bearer token, N. The URLs may be comma-separated
 * lists, one per broker of a fleet: request {@code i} then goes to the {@code i mod k}-th.
 */
public final class BenchStampede {

	private BenchStampede() {
	}

	public static void main(String[] args) throws Exception {
		List<URI> uris = Arrays.stream(args[0].split(",")).map(URI::create).toList();
		List<URI> priming = Arrays.stream(args[1].split(",")).map(URI::create).toList();
		String token = args[2];
		int n = Integer.parseInt(args[3]);
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		int[] primed = concurrently(client, requests(priming, token), n, new long[n], new long[n]);
		if (Arrays.stream(primed).anyMatch((status) -> status != 200)) {
			System.out.println("STAMPEDE priming failed: " + Arrays.toString(primed));
			System.exit(1);
		}
		long[] starts = new long[n];
		long[] ends = new long[n];
		int[] statuses = concurrently(client, requests(uris, token), n, starts, ends);
		long firstAnswer = Arrays.stream(ends).min().orElseThrow();
		Map<Integer, Integer> byStatus = new TreeMap<>();
		long overlapped = 0;
		long[] sorted = new long[n];
		for (int i = 0; i < n; i++) {
			byStatus.merge(statuses[i], 1, Integer::sum);
			if (starts[i] < firstAnswer) {
				overlapped++;
			}
			sorted[i] = ends[i] - starts[i];
		}
		Arrays.sort(sorted);
		StringBuilder line = new StringBuilder("STAMPEDE sent=").append(n).append(" statuses=");
		byStatus.forEach((status, count) -> line.append(status).append(':').append(count).append(','));
		line.setLength(line.length() - 1);
		line.append(" overlapped=").append(overlapped)
			.append(" p50_us=").append(percentile(sorted, 50))
			.append(" p99_us=").append(percentile(sorted, 99))
			.append(" p999_us=").append(percentile(sorted, 99.9))
			.append(" max_us=").append(TimeUnit.NANOSECONDS.toMicros(sorted[n - 1]));
		System.out.println(line);
	}

	/** Sends a request from n threads at once; returns the statuses, -1 for no answer. */
	private static int[] concurrently(HttpClient client, List<HttpRequest> requests, int n, long[] starts, long[] ends)
			throws InterruptedException {
		CountDownLatch ready = new CountDownLatch(n);
		CountDownLatch go = new CountDownLatch(1);
		int[] statuses = new int[n];
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			int index = i;
			Thread thread = new Thread(() -> {
				ready.countDown();
				try {
					go.await();
					starts[index] = System.nanoTime();
					HttpResponse<Void> response = client.send(requests.get(index % requests.size()),
							HttpResponse.BodyHandlers.discarding());
					ends[index] = System.nanoTime();
					statuses[index] = response.statusCode();
				}
				catch (Exception ex) {
					ends[index] = System.nanoTime();
					statuses[index] = -1;
				}
			}, "stampede-" + i);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		ready.await(30, TimeUnit.SECONDS);
		go.countDown();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(60));
		}
		return statuses;
	}

	private static List<HttpRequest> requests(List<URI> uris, String token) {
		return uris.stream()
			.map((uri) -> HttpRequest.newBuilder(uri)
				.header("Authorization", "Bearer " + token)
				.timeout(Duration.ofSeconds(30))
				.GET()
				.build())
			.toList();
	}

	/** The percentile as wrk computes it: the value at rank {@code round(p / 100 * n + 0.5)}. */
	private static long percentile(long[] sortedNanos, double p) {
		int rank = (int) Math.round(p / 100 * sortedNanos.length + 0.5);
		int index = Math.min(sortedNanos.length, Math.max(1, rank)) - 1;
		return TimeUnit.NANOSECONDS.toMicros(sortedNanos[index]);
	}

}
