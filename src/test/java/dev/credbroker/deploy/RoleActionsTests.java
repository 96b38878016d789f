package dev.credbroker.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.credbroker.secrets.SecretKind;
import dev.credbroker.secrets.SecretKinds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The custom role the install documents give the broker's identity holds exactly the permissions
 * of the kinds of secret the broker serves, as their descriptors spell them: none missing (a kind
 * would answer 502), none more (no regeneration, no read, no write). Read from wherever the
 * documents hold it, the README or {@code docs/}.
 */
class RoleActionsTests {

	private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));

	@Test
	void theDocumentedCustomRoleHoldsExactlyTheKindsPermissions() throws IOException {
		Set<String> permissions = new LinkedHashSet<>();
		SecretKinds.ALL.stream().map((kind) -> kind.operation().permission()).forEach(permissions::add);
		List<Set<String>> roles = new ArrayList<>();
		for (Path document : documents()) {
			roles.addAll(roleActions(Files.readString(document)));
		}

		assertThat(roles).as("custom roles in the README and docs/").isNotEmpty();
		for (Set<String> role : roles) {
			assertThat(role).containsExactlyInAnyOrderElementsOf(permissions);
		}
	}

	@Test
	void eachPermissionIsAReadOnlyActionOnItsKindsResource() {
		for (SecretKind<?> kind : SecretKinds.ALL) {
			String permission = kind.operation().permission();
			StringBuilder resource = new StringBuilder("Microsoft.MachineLearningServices");
			kind.path().subList(2, kind.path().size()).forEach((segment) -> resource.append('/').append(segment.keyword()));
			assertThat(permission).as(kind.name())
				.startsWith(resource + "/")
				.endsWith("/action")
				.doesNotContainIgnoringCase("regenerate")
				.doesNotContainIgnoringCase("resync");
			assertThat(permission.substring(resource.length() + 1, permission.length() - "/action".length()))
				.as("the action Azure's path names, in any case").isEqualToIgnoringCase(kind.operation().action());
		}
	}

	private static List<Path> documents() throws IOException {
		List<Path> documents = new ArrayList<>(List.of(BASEDIR.resolve("README.md")));
		Path docs = BASEDIR.resolve("docs");
		if (Files.isDirectory(docs)) {
			try (Stream<Path> files = Files.walk(docs)) {
				files.filter((file) -> file.toString().endsWith(".md")).forEach(documents::add);
			}
		}
		return documents;
	}

	/**
	 * The {@code "Actions": [...]} arrays of role definitions, and the fenced blocks that hold
	 * nothing but permissions, one a line.
	 */
	private static List<Set<String>> roleActions(String text) {
		List<Set<String>> roles = new ArrayList<>();
		int at = text.indexOf("\"Actions\": [");
		while (at >= 0) {
			int end = text.indexOf(']', at);
			Set<String> actions = new LinkedHashSet<>();
			for (String part : text.substring(at + "\"Actions\": [".length(), end).split(",")) {
				String action = part.strip();
				if (action.length() > 2) {
					actions.add(action.substring(1, action.length() - 1));
				}
			}
			roles.add(actions);
			at = text.indexOf("\"Actions\": [", end);
		}
		String[] blocks = text.split("```", -1);
		for (int i = 1; i < blocks.length; i += 2) {
			List<String> lines = blocks[i].lines().filter((line) -> !line.isBlank()).toList();
			if (!lines.isEmpty() && lines.stream().allMatch((line) -> line.startsWith("Microsoft.MachineLearningServices/"))) {
				roles.add(new LinkedHashSet<>(lines));
			}
		}
		return roles;
	}

}
