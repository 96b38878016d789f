package dev.credbroker.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The header values Spring Security's {@link StrictHttpFirewall} lets through by default: every code
 * point assigned and not a control character, tab aside. Spring checks that with a regular
 * expression on each read of a header; on a bearer token of a kilobyte that was 3% of the broker's
 * CPU on a cache hit (JFR of bench/run's phase 2, 2026-12-01). This is one loop, and HeaderValuesTests
 * checks that it agrees with the firewall's default on every value it tries.
 */
final class HeaderValues {

	private HeaderValues() {
	}

	/**
	 * @param value a header's value
	 * @return whether the firewall lets it through
	 */
	static boolean allowed(String value) {
		int index = 0;
		while (index < value.length()) {
			char character = value.charAt(index);
			if (character > 0x1f && character < 0x7f) {
				index++;
				continue;
			}
			int codePoint = value.codePointAt(index);
			if (codePoint != '\t' && (!Character.isDefined(codePoint) || Character.getType(codePoint) == Character.CONTROL)) {
				return false;
			}
			index += Character.charCount(codePoint);
		}
		return true;
	}

}
