package dev.credbroker.api;

import java.util.List;

import dev.credbroker.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.module.blackbird.BlackbirdModule;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings of the request path that bench/run's profiles asked for (bench/README.md), each of which
 * a change of configuration could undo without any other test noticing.
 */
class RequestPathIntegrationTests extends IntegrationTest {

	/**
	 * The answers are written by Boot's mapper with Jackson's Blackbird module, which Boot finds on
	 * the classpath ({@code spring.jackson.find-and-add-modules}): it reads the views' record
	 * components through generated accessors instead of reflective calls, whose call sites the
	 * broker's many serialised types make megamorphic.
	 */
	@Test
	void answersAreWrittenWithBlackbirdsAccessors(@Autowired RequestMappingHandlerAdapter adapter) {
		List<JacksonJsonHttpMessageConverter> converters = adapter.getMessageConverters()
			.stream()
			.filter(JacksonJsonHttpMessageConverter.class::isInstance)
			.map(JacksonJsonHttpMessageConverter.class::cast)
			.toList();

		assertThat(converters).isNotEmpty()
			.allSatisfy((converter) -> assertThat(converter.getMapper().registeredModules())
				.anyMatch(BlackbirdModule.class::isInstance));
	}

	/** Nothing listens to Spring MVC's per-request event, so it is not published. */
	@Test
	void noEventIsPublishedPerRequest(@Autowired DispatcherServlet dispatcherServlet) {
		assertThat(ReflectionTestUtils.getField(dispatcherServlet, "publishEvents")).isEqualTo(false);
	}

	/**
	 * No operation takes a form, so no filter reads form-encoded bodies of PUT, PATCH and DELETE
	 * into parameters on every request.
	 */
	@Test
	void noFilterReadsFormBodies(@Autowired ApplicationContext context) {
		assertThat(context.getBeanNamesForType(FormContentFilter.class)).isEmpty();
	}

}
