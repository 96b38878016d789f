package dev.credbroker.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP on loopback, sending the path exactly as written: no client-side normalisation or
 * encoding gets between a test and the broker.
 */
public final class Http {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public Http(int port) {
		this.base = "http://localhost:" + port;
	}

	public Response get(String rawPath, @Nullable String bearerToken) {
		return get(rawPath, bearerToken, Map.of());
	}

	public Response get(String rawPath, @Nullable String bearerToken, Map<String, String> headers) {
		HttpRequest.Builder request = request(rawPath, bearerToken).GET();
		headers.forEach(request::header);
		return send(request.build());
	}

	public Response post(String rawPath, String json, @Nullable String bearerToken) {
		return send(request(rawPath, bearerToken).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	public Response get(String rawPath) {
		return get(rawPath, null);
	}

	/** A request to the broker, with the bearer token when there is one. */
	private HttpRequest.Builder request(String rawPath, @Nullable String bearerToken) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + rawPath))
			.timeout(Duration.ofSeconds(60));
		if (bearerToken != null) {
			request.header("Authorization", "Bearer " + bearerToken);
		}
		return request;
	}

	private Response send(HttpRequest request) {
		try {
			return new Response(this.client.send(request, HttpResponse.BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response with its body as text and as JSON.
	 *
	 * @param raw the response
	 */
	public record Response(HttpResponse<String> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		public String body() {
			return this.raw.body();
		}

		public JsonNode json() {
			return json.readTree(this.raw.body());
		}

		public Optional<String> header(String name) {
			return this.raw.headers().firstValue(name);
		}

		/**
		 * The values a keys view revealed, for leak checks that must allow exactly those.
		 * @return the {@code value} of each field of {@code secrets}; empty for any other answer
		 */
		public List<String> revealedValues() {
			List<String> values = new ArrayList<>();
			if (status() == 200 && body().contains("\"secrets\"")) {
				for (JsonNode field : json().get("secrets")) {
					if (field.has("value")) {
						values.add(field.get("value").asString());
					}
				}
			}
			return values;
		}

	}

}
