package dev.credbroker.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Finds the line and column of an entry of a YAML document by its path, such as
 * {@code teams[0].grants[1].resources[0]}, so that every error can point at it, whether the schema,
 * the binding or the loader's own checks found it.
 */
final class YamlLines {

	private final @Nullable Node root;

	private final boolean empty;

	YamlLines(byte[] content) {
		Node node = null;
		boolean empty = false;
		try {
			node = new Compose(LoadSettings.builder().build()).composeString(new String(content, StandardCharsets.UTF_8))
				.orElse(null);
			empty = (node == null);
		}
		catch (RuntimeException ex) {
			// A syntax error: the binding reports it, with the parser's line.
		}
		this.root = node;
		this.empty = empty;
	}

	/**
	 * Whether the document holds nothing but comments and blank lines.
	 * @return {@code true} if it does
	 */
	boolean isEmpty() {
		return this.empty;
	}

	/**
	 * Where an entry of the document starts.
	 *
	 * @param line the line, counted from 1
	 * @param column the column, counted from 1
	 */
	record Position(int line, int column) {

		/** The document's start, for what concerns it as a whole. */
		static final Position START = new Position(1, 1);

		@Override
		public String toString() {
			return "line " + this.line + ", column " + this.column;
		}

	}

	/**
	 * Where the entry at a path is, or the deepest entry of it that exists: a key's position for a
	 * mapping's entry, an item's for a list's.
	 * @param path keys and indexes from the document's root
	 * @return the position, or the document's start if it could not be read
	 */
	Position position(List<Object> path) {
		Node node = this.root;
		Node at = node;
		for (Object step : path) {
			Node next = null;
			if (step instanceof String key && node instanceof MappingNode mapping) {
				for (NodeTuple tuple : mapping.getValue()) {
					if (tuple.getKeyNode() instanceof ScalarNode scalar && key.equals(scalar.getValue())) {
						at = tuple.getKeyNode();
						next = tuple.getValueNode();
						break;
					}
				}
			}
			else if (step instanceof Integer index && node instanceof SequenceNode sequence
					&& index < sequence.getValue().size()) {
				next = sequence.getValue().get(index);
				at = next;
			}
			if (next == null) {
				break;
			}
			node = next;
		}
		return (at != null && at.getStartMark().isPresent())
				? new Position(at.getStartMark().get().getLine() + 1, at.getStartMark().get().getColumn() + 1)
				: Position.START;
	}

}
