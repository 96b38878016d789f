package dev.credbroker.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON fixtures under {@code src/test/resources/dev/credbroker/azure/}, in the shapes of Azure's
 * published examples.
 */
public final class Fixtures {

	private Fixtures() {
	}

	public static String azure(String name) {
		String path = "/dev/credbroker/azure/" + name;
		try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
