package dev.credbroker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis (Debian's {@code redis-server}, which {@code .ci/run} installs) on a free loopback
 * port, with a password, nothing persisted: started by a test class and stopped after it. It can
 * be stopped and started again on the same port, for outages. {@link #startTls()} starts one that
 * speaks TLS only, with a certificate from an authority made for it.
 */
public final class RedisServer implements AutoCloseable {

	public static final String PASSWORD = "test-redis-password-" + Long.toHexString(System.nanoTime());

	private final int port;

	private final Path directory;

	private final @Nullable TestCertificates tls;

	private @Nullable Process process;

	private RedisServer(int port, Path directory, @Nullable TestCertificates tls) {
		this.port = port;
		this.directory = directory;
		this.tls = tls;
	}

	/**
	 * Starts a server on a free port.
	 * @return the server, answering
	 */
	public static RedisServer start() {
		return start(false);
	}

	/**
	 * Starts a server that speaks TLS only (no plain port), with a server certificate for
	 * {@code 127.0.0.1} signed by an authority made for it; clients are not asked for certificates.
	 * Skips the test class, saying why, if this redis-server was built without TLS.
	 * @return the server, answering
	 */
	public static RedisServer startTls() {
		return start(true);
	}

	private static RedisServer start(boolean tls) {
		Path executable = Path.of("/usr/bin/redis-server");
		if (!Files.isExecutable(executable)) {
			throw new IllegalStateException("redis-server is not installed: the fleet tests need Debian's "
					+ "redis-server package (apt-get install redis-server; .ci/run installs it)");
		}
		try {
			Path directory = Files.createTempDirectory("redis-test");
			RedisServer server = new RedisServer(freePort(), directory, tls ? TestCertificates.create(directory) : null);
			server.startAgain();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** @return the port, TLS's for a server started with {@link #startTls()} */
	public int port() {
		return this.port;
	}

	/** @return the PEM file of the authority that signed the server's certificate, to trust */
	public Path caCertificate() {
		if (this.tls == null) {
			throw new IllegalStateException("this Redis speaks no TLS");
		}
		return this.tls.caCertificate();
	}

	/** Starts the server again, on its port, empty, after {@link #stop()}. */
	public synchronized void startAgain() {
		List<String> command = new ArrayList<>(List.of("/usr/bin/redis-server", "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--dir", this.directory.toString(), "--requirepass", PASSWORD, "--daemonize", "no",
				"--loglevel", "warning"));
		if (this.tls == null) {
			command.addAll(List.of("--port", Integer.toString(this.port)));
		}
		else {
			command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(this.port), "--tls-cert-file",
					this.tls.serverCertificate().toString(), "--tls-key-file", this.tls.serverKey().toString(),
					"--tls-ca-cert-file", this.tls.caCertificate().toString(), "--tls-auth-clients", "no"));
		}
		Path log = this.directory.resolve("redis.log");
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			this.process = process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Eventually.until("redis-server listens on " + this.port, () -> listens() || !process.isAlive());
		if (!process.isAlive()) {
			String output = read(log);
			// Debian's redis-server is built with TLS; one built without it refuses the directive.
			Assumptions.assumeFalse(this.tls != null && output.contains("tls-port"),
					"this redis-server was built without TLS (it refuses --tls-port): " + output.strip());
			throw new IllegalStateException("redis-server exited at start: " + output.strip());
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** @return whether the server runs: started, and not stopped since */
	public synchronized boolean running() {
		return this.process != null && this.process.isAlive();
	}

	/** Stops the server, as an outage would: its connections drop. */
	public synchronized void stop() {
		Process process = this.process;
		if (process != null) {
			process.destroy();
			try {
				process.waitFor();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
		}
	}

	private boolean listens() {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A connection of the test's own, for looking at what the broker keeps and for tampering.
	 * @return the connection; close it
	 */
	public Connection connect() {
		RedisClient client = RedisClient.create(RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(this.port)
			.withSsl(this.tls != null)
			.withPassword(PASSWORD.toCharArray())
			.withTimeout(Duration.ofSeconds(5))
			.build());
		if (this.tls != null) {
			client.setOptions(ClientOptions.builder()
				.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(this.tls.caCertificate().toFile()).build())
				.build());
		}
		return new Connection(client, client.connect(ByteArrayCodec.INSTANCE));
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * The test's connection.
	 *
	 * @param client its client
	 * @param connection the connection, bytes in and out
	 */
	public record Connection(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection)
			implements AutoCloseable {

		public RedisCommands<byte[], byte[]> commands() {
			return this.connection.sync();
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown();
		}

	}

}
