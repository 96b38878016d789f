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

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis (Debian's {@code redis-server}, which {@code .ci/run} installs) on a free loopback
 * port, with a password, nothing persisted: started by a test class and stopped after it. It can
 * be stopped and started again on the same port, for outages.
 */
public final class RedisServer implements AutoCloseable {

	public static final String PASSWORD = "test-redis-password-" + Long.toHexString(System.nanoTime());

	private final int port;

	private final Path directory;

	private @Nullable Process process;

	private RedisServer(int port, Path directory) {
		this.port = port;
		this.directory = directory;
	}

	/**
	 * Starts a server on a free port.
	 * @return the server, answering
	 */
	public static RedisServer start() {
		Path executable = Path.of("/usr/bin/redis-server");
		if (!Files.isExecutable(executable)) {
			throw new IllegalStateException("redis-server is not installed: the fleet tests need Debian's "
					+ "redis-server package (apt-get install redis-server; .ci/run installs it)");
		}
		try {
			RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("redis-test"));
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

	public int port() {
		return this.port;
	}

	/** Starts the server again, on its port, empty, after {@link #stop()}. */
	public synchronized void startAgain() {
		List<String> command = new ArrayList<>(List.of("/usr/bin/redis-server", "--port", Integer.toString(this.port),
				"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString(),
				"--requirepass", PASSWORD, "--daemonize", "no", "--loglevel", "warning"));
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Eventually.until("redis-server listens on " + this.port, this::listens);
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
			.withPassword(PASSWORD.toCharArray())
			.withTimeout(Duration.ofSeconds(5))
			.build());
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
