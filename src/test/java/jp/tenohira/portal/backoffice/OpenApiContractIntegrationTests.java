package jp.tenohira.portal.backoffice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import jp.tenohira.portal.support.PortalIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/api/openapi.yaml} describes exactly the {@code /api/v1} routes the running
 * portal serves: a route without a description, or a description without a route, fails
 * the build.
 */
@PortalIntegrationTest
class OpenApiContractIntegrationTests {

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyApiRouteIsDescribedAndEveryDescribedRouteExists() throws IOException {
		JsonNode spec = spec();
		Set<String> described = new TreeSet<>();
		spec.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			if (METHODS.contains(operation.getKey())) {
				described.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
			}
		}));
		Set<String> served = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
				if (pattern.getPatternString().startsWith("/api/")) {
					assertThat(info.getMethodsCondition().getMethods()).as(pattern.getPatternString()).isNotEmpty();
					info.getMethodsCondition()
						.getMethods()
						.forEach((method) -> served.add(method.name() + " " + pattern.getPatternString()));
				}
			}
		}
		assertThat(served).as("routes the portal serves").isNotEmpty();
		assertThat(described).as("operations in docs/api/openapi.yaml").isEqualTo(served);
	}

	@Test
	void theDescriptionIsCompleteAndConsistent() throws IOException {
		JsonNode spec = spec();
		assertThat(spec.get("openapi").asString()).startsWith("3.1.");
		assertThat(spec.at("/components/securitySchemes/clientCredentials/type").asString()).isEqualTo("oauth2");
		assertThat(spec.at("/components/securitySchemes/clientCredentials/flows/clientCredentials/tokenUrl")
			.isMissingNode()).isFalse();
		assertThat(spec.at("/security/0/clientCredentials").isArray()).isTrue();
		List<String> refs = new ArrayList<>();
		collectRefs(spec, refs);
		assertThat(refs).isNotEmpty();
		for (String ref : refs) {
			assertThat(ref).startsWith("#/");
			assertThat(spec.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
		}
		spec.get("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			if (!METHODS.contains(operation.getKey())) {
				return;
			}
			JsonNode responses = operation.getValue().get("responses");
			String name = operation.getKey() + " " + path.getKey();
			assertThat(operation.getValue().get("operationId")).as(name).isNotNull();
			assertThat(responses.get("200")).as(name + " 200").isNotNull();
			assertThat(responses.get("401")).as(name + " 401").isNotNull();
			assertThat(responses.get("404")).as(name + " 404").isNotNull();
			for (String template : path.getKey().split("/")) {
				if (template.startsWith("{")) {
					String parameter = template.substring(1, template.length() - 1);
					assertThat(operation.getValue().get("parameters").toString()).as(name)
						.containsAnyOf("\"name\":\"" + parameter + "\"",
								"/" + Character.toUpperCase(parameter.charAt(0)) + parameter.substring(1) + "\"",
								"SubmissionId\"");
				}
			}
		}));
	}

	private static void collectRefs(JsonNode node, List<String> refs) {
		if (node.isObject()) {
			node.properties().forEach((entry) -> {
				if ("$ref".equals(entry.getKey())) {
					refs.add(entry.getValue().asString());
				}
				else {
					collectRefs(entry.getValue(), refs);
				}
			});
		}
		else if (node.isArray()) {
			node.forEach((child) -> collectRefs(child, refs));
		}
	}

	private static JsonNode spec() throws IOException {
		return new YAMLMapper().readTree(Files.readString(Path.of("docs/api/openapi.yaml")));
	}

}
