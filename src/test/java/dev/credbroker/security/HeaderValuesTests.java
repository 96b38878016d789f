package dev.credbroker.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HeaderValues} lets through exactly the header values Spring's default firewall does. */
class HeaderValuesTests {

	private final StrictHttpFirewall spring = new StrictHttpFirewall();

	private final StrictHttpFirewall ours = firewall();

	@Test
	void refusesControlCharactersAndUnassignedCodePointsButTab() {
		assertThat(HeaderValues.allowed("Bearer abc.def-ghi_~+/==")).isTrue();
		assertThat(HeaderValues.allowed("a\tb")).isTrue();
		assertThat(HeaderValues.allowed("caf\u00e9 \u00a0 \ud83d\ude00")).isTrue();
		assertThat(HeaderValues.allowed("")).isTrue();
		for (String refused : List.of("a\nb", "a\rb", "\u0000", "a\u007fb", "\u0085", "\u0378", "\udbff\udfff")) {
			assertThat(HeaderValues.allowed(refused)).as(refused).isFalse();
		}
	}

	@Test
	void agreesWithTheDefaultFirewallOnEveryValueTried() {
		List<String> values = new ArrayList<>();
		Random random = new Random(22);
		int[] specials = { '\t', '\n', '\r', 0, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0xa0, 0x378, 0xfffe, 0xffff, 0xd800, 0xdc00,
				0x1f600, 0xe0001, 0x10ffff, 0x2028, 0x200b, 0xfeff };
		for (int i = 0; i < 20_000; i++) {
			StringBuilder value = new StringBuilder();
			int length = random.nextInt(8);
			for (int j = 0; j < length; j++) {
				switch (random.nextInt(3)) {
					case 0 -> value.append((char) (' ' + random.nextInt(95)));
					case 1 -> value.appendCodePoint(specials[random.nextInt(specials.length)]);
					default -> value.append((char) random.nextInt(0x10000));
				}
			}
			values.add(value.toString());
		}
		for (String value : values) {
			assertThat(passes(this.ours, value)).as("value %s", value.codePoints().boxed().toList())
				.isEqualTo(passes(this.spring, value));
		}
	}

	private static boolean passes(StrictHttpFirewall firewall, String value) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/me");
		request.addHeader("X-Value", value);
		try {
			firewall.getFirewalledRequest(request).getHeader("X-Value");
			return true;
		}
		catch (RequestRejectedException ex) {
			return false;
		}
	}

	/** The broker's firewall, as SecurityConfiguration makes it. */
	private static StrictHttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(HeaderValues::allowed);
		return firewall;
	}

}
