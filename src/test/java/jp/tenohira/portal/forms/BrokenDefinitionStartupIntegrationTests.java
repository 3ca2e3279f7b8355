package jp.tenohira.portal.forms;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;

import jp.tenohira.portal.PortalApplication;
import jp.tenohira.portal.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A deliberately broken definition stops the real start-up, naming file, line and
 * problem.
 */
class BrokenDefinitionStartupIntegrationTests {

	@Test
	void startUpFailsWithFileLineAndProblem(@TempDir Path dir) throws IOException {
		Path forms = DefinitionLoaderTests.formsWith(dir, "broken-start.yaml", DefinitionLoaderTests
			.valid("broken-start", "      - { id: a, type: date, label: { ja: 日, en: Day }, min: someday }\n"));
		TestDatabase database = TestDatabase.get();
		SpringApplication application = new SpringApplication(PortalApplication.class);
		Throwable failure = catchThrowable(() -> application.run("--server.port=0", "--portal.forms.location=" + forms,
				"--spring.r2dbc.url=" + database.r2dbcUrl(), "--spring.r2dbc.username=" + database.user(),
				"--spring.flyway.url=" + database.jdbcUrl(), "--spring.flyway.user=" + database.user()));
		DefinitionException cause = findCause(failure);
		assertThat(cause.problems()).singleElement()
			.satisfies((problem) -> assertThat(problem).startsWith("broken-start.yaml:18:").contains("someday"));
		FailureAnalysis analysis = new DefinitionFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains("broken-start.yaml:18:");
	}

	private static DefinitionException findCause(Throwable failure) {
		Throwable current = failure;
		while (current != null && !(current instanceof DefinitionException)) {
			current = current.getCause();
		}
		assertThat(current).as("start-up failed because of the definition").isInstanceOf(DefinitionException.class);
		return (DefinitionException) current;
	}

}
