package jp.tenohira.portal.security;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every staff and back-office API handler states who may call it with
 * {@code @PreAuthorize} (on top of the URL rules), and returns a Publisher so that
 * reactive method security applies.
 */
class StaffHandlersTests {

	@Test
	void everyStaffAndApiHandlerHasMethodSecurity() throws ClassNotFoundException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
		List<String> unguarded = new ArrayList<>();
		int guarded = 0;
		for (BeanDefinition candidate : scanner.findCandidateComponents("jp.tenohira.portal")) {
			Class<?> type = Class.forName(candidate.getBeanClassName());
			RequestMapping typeMapping = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
			String prefix = (typeMapping != null && typeMapping.path().length > 0) ? typeMapping.path()[0] : "";
			for (Method method : type.getDeclaredMethods()) {
				RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
				if (mapping == null) {
					continue;
				}
				boolean protectedPath = false;
				for (String path : (mapping.path().length > 0) ? mapping.path() : mapping.value()) {
					String full = prefix + path;
					protectedPath |= full.startsWith("/staff") || full.startsWith("/api/");
				}
				if (!protectedPath) {
					continue;
				}
				boolean annotated = AnnotatedElementUtils.hasAnnotation(method, PreAuthorize.class)
						|| AnnotatedElementUtils.hasAnnotation(type, PreAuthorize.class);
				if (!annotated || !Publisher.class.isAssignableFrom(method.getReturnType())) {
					unguarded.add(type.getSimpleName() + "#" + method.getName());
				}
				else {
					guarded++;
				}
			}
		}
		assertThat(unguarded).as("staff/API handlers without @PreAuthorize or not returning a Publisher").isEmpty();
		assertThat(guarded).as("staff and API handlers found").isGreaterThan(0);
	}

}
