package dev.credbroker.secrets;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The fields a resource may have, known before Azure is asked, and those of them that are not
 * secret: what a decision without Azure's answer is made on. A resource that has several kinds of
 * secret (an online endpoint has keys and a token) has the union of theirs.
 *
 * @param names the field names, in view order
 * @param clear those that are not secret, shown in clear to whoever may read them
 */
public record KnownFields(Set<String> names, Set<String> clear) {

	public KnownFields {
		names = Collections.unmodifiableSet(new LinkedHashSet<>(names));
		clear = Collections.unmodifiableSet(new LinkedHashSet<>(clear));
	}

	/**
	 * The union of the fields of several kinds.
	 * @param kinds the kinds
	 * @return every field any of them may have
	 */
	public static KnownFields of(Collection<? extends SecretKind<?>> kinds) {
		Set<String> names = new LinkedHashSet<>();
		Set<String> clear = new LinkedHashSet<>();
		for (SecretKind<?> kind : kinds) {
			KnownFields known = kind.known();
			names.addAll(known.names());
			clear.addAll(known.clear());
		}
		return new KnownFields(names, clear);
	}

}
