package jp.tenohira.portal.casework;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateInputException;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import jp.tenohira.portal.shared.Lang;

/**
 * Loads the staff screens' message bundle in every language and parses their templates
 * before the portal reports ready: both read files, which must not happen on an
 * event-loop thread during the first request.
 */
@Component
class CaseworkWarmUp implements ApplicationRunner {

	private static final List<String> TEMPLATES = List.of("casework/detail", "audit/search");

	private final MessageSource messages;

	private final ITemplateEngine templates;

	CaseworkWarmUp(MessageSource messages, ITemplateEngine templates) {
		this.messages = messages;
		this.templates = templates;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (Lang lang : Lang.values()) {
			this.messages.getMessage("casework.back", null, lang.locale());
		}
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("org.thymeleaf", LogLevel.OFF);
		try {
			parseTemplates();
		}
		finally {
			logging.setLogLevel("org.thymeleaf", null);
		}
	}

	private void parseTemplates() {
		for (String template : TEMPLATES) {
			try {
				this.templates.process(template, new Context(Locale.JAPANESE, Map.of()));
			}
			catch (TemplateInputException ex) {
				if (ex.getCause() instanceof org.attoparser.ParseException) {
					throw ex;
				}
			}
			catch (RuntimeException expected) {
				// parsed and cached before the first expression needed a model
			}
		}
	}

}
