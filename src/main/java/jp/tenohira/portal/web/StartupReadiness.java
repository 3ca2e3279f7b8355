package jp.tenohira.portal.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateInputException;
import reactor.core.publisher.Flux;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.MessageSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import jp.tenohira.portal.forms.DefinitionVersions;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.Lang;

/**
 * Runs before the portal reports ready (readiness turns UP only after application
 * runners): records the definition versions served, loads the message bundles, parses
 * every template once and renders the catalog pages through the running server, because
 * Thymeleaf's first parse and the SpEL compiler's first runs would otherwise block
 * event-loop threads on the first residents' requests.
 */
@Component
class StartupReadiness implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(StartupReadiness.class);

	private static final String TEMPLATES = "classpath:/templates/**/*.html";

	private final DefinitionVersions versions;

	private final ITemplateEngine templates;

	private final FormRegistry registry;

	private final Environment environment;

	private final MessageSource messages;

	StartupReadiness(DefinitionVersions versions, ITemplateEngine templates, FormRegistry registry,
			Environment environment, MessageSource messages) {
		this.messages = messages;
		this.versions = versions;
		this.templates = templates;
		this.registry = registry;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		long started = System.nanoTime();
		this.versions.recordCurrent().block(Duration.ofSeconds(60));
		loadMessages();
		parseTemplates();
		renderCatalog();
		logger.info("Definitions recorded and templates warmed in {} ms", (System.nanoTime() - started) / 1_000_000);
	}

	/**
	 * Loads the message bundle of every language now, rather than from a file on an
	 * event-loop thread later.
	 */
	private void loadMessages() {
		// a key no bundle has: every basename (resident, staff, mail) is read for every
		// language and its fallbacks
		for (Lang lang : Lang.values()) {
			this.messages.getMessage("warm-up.every-bundle", null, "", lang.locale());
		}
	}

	/**
	 * Parses (and caches) every template; rendering without a model stops early, which is
	 * expected.
	 */
	private void parseTemplates() {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("org.thymeleaf", LogLevel.OFF);
		try {
			for (String template : templateNames()) {
				try {
					this.templates.process(template, new Context(Locale.JAPANESE, Map.of()));
				}
				catch (TemplateInputException ex) {
					if (ex.getCause() instanceof org.attoparser.ParseException) {
						throw ex; // malformed markup: never report ready with a page that
									// cannot render
					}
				}
				catch (RuntimeException expected) {
					// parsed and cached before the first expression needed a model
				}
			}
		}
		finally {
			logging.setLogLevel("org.thymeleaf", null);
		}
	}

	/** Every HTML template's name, as controllers return it ({@code staff/layout}). */
	private static List<String> templateNames() {
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver().getResources(TEMPLATES);
			java.util.List<String> names = new java.util.ArrayList<>();
			for (Resource resource : resources) {
				String url = resource.getURL().toString();
				int start = url.lastIndexOf("/templates/") + "/templates/".length();
				names.add(url.substring(start, url.length() - ".html".length()));
			}
			java.util.Collections.sort(names);
			return names;
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Could not list the templates", ex);
		}
	}

	/**
	 * Renders the busiest pages once through the whole stack, on this node's own loopback
	 * port.
	 */
	private void renderCatalog() {
		String port = this.environment.getProperty("local.server.port");
		if (port == null) {
			return;
		}
		String someProcedure = this.registry.all()
			.stream()
			.filter(ProcedureDefinition::online)
			.map(ProcedureDefinition::id)
			.findFirst()
			.orElse("none");
		WebClient client = WebClient.create("http://127.0.0.1:" + port);
		Flux.just("/procedures", "/procedures?q=warm-up", "/procedures?lang=en", "/procedures/" + someProcedure,
				"/procedures/" + someProcedure + "?lang=ja-easy")
			.concatMap((path) -> client.get()
				.uri(path)
				.accept(MediaType.TEXT_HTML)
				.retrieve()
				.toBodilessEntity()
				.onErrorResume((ex) -> {
					logger.warn("Warm-up request {} failed: {}", path, ex.toString());
					return reactor.core.publisher.Mono.empty();
				}))
			.then()
			.block(Duration.ofSeconds(30));
	}

}
