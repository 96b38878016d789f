package dev.credbroker.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Finds the line and column of an entry of a YAML document by its path, such as
 * {@code teams[0].grants[1].resources[0]}, so that every error can point at it, whether the schema,
 * the binding or the loader's own checks found it.
 * <p>
 * It is also the first to read a file, and so the one that refuses a file nested too deep for the
 * readers after it.
 */
final class YamlLines {

	/**
	 * How deep a document's mappings and lists may nest. A policy's deepest entries (a grant's
	 * resources, a member rule's values) are at depth 6, counting the document's own mapping; the
	 * rest is room for the schema to say what is wrong with a misshapen entry. snakeyaml-engine
	 * composes a tree by recursion, and its {@link LoadSettings} offer no limit, so that a line of
	 * 100,000 {@code [} ended in a {@link StackOverflowError}, which stopped policy reloads; the
	 * readers after this one (Jackson's, the schema's) are spared such a file too.
	 */
	static final int MAX_DEPTH = 32;

	private static final LoadSettings settings = LoadSettings.builder().build();

	private final @Nullable Node root;

	private final boolean empty;

	private final @Nullable Position tooDeep;

	YamlLines(byte[] content) {
		String text = new String(content, StandardCharsets.UTF_8);
		Node node = null;
		boolean empty = false;
		Position tooDeep = tooDeep(text);
		if (tooDeep == null) {
			try {
				node = new Compose(settings).composeString(text).orElse(null);
				empty = (node == null);
			}
			catch (RuntimeException ex) {
				// A syntax error: the binding reports it, with the parser's line.
			}
		}
		this.root = node;
		this.empty = empty;
		this.tooDeep = tooDeep;
	}

	/**
	 * Where the document first nests deeper than {@link #MAX_DEPTH}, found from the parser's
	 * events: the parser keeps its nesting in a stack of its own, on the heap, where the composer
	 * recurses.
	 */
	private static @Nullable Position tooDeep(String text) {
		int depth = 0;
		try {
			for (Event event : new Parse(settings).parseString(text)) {
				if (event instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
					return event.getStartMark().map(YamlLines::position).orElse(Position.START);
				}
				if (event instanceof CollectionEndEvent) {
					depth--;
				}
			}
		}
		catch (RuntimeException ex) {
			// A syntax error: the binding reports it, with the parser's line.
		}
		return null;
	}

	/**
	 * Where the document first nests deeper than {@link #MAX_DEPTH}: such a document is not read
	 * further, and every path points at its start.
	 * @return the position of the first mapping or list too deep, or {@code null} if there is none
	 */
	@Nullable Position tooDeep() {
		return this.tooDeep;
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
		return (at != null) ? at.getStartMark().map(YamlLines::position).orElse(Position.START) : Position.START;
	}

	private static Position position(Mark mark) {
		return new Position(mark.getLine() + 1, mark.getColumn() + 1);
	}

}
