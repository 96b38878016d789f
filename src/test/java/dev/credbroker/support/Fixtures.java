package dev.credbroker.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Test resources: JSON fixtures under {@code src/test/resources/dev/credbroker/azure/}, in the
 * shapes of Azure's published examples, and any other resource on the test classpath.
 */
public final class Fixtures {

	private Fixtures() {
	}

	public static String azure(String name) {
		return resource("/dev/credbroker/azure/" + name);
	}

	/**
	 * A resource on the classpath, as UTF-8 text.
	 * @param path its absolute path, such as {@code /policy-schema.json}
	 * @return its content
	 */
	public static String resource(String path) {
		try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalArgumentException("No resource " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
