package jp.tenohira.portal.inbox;

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
 * Loads the inbox message bundle in every language and parses the inbox templates before
 * the node reports ready, so that neither is read from disk on an event-loop thread by
 * the first member of staff.
 */
@Component
class InboxWarmUp implements ApplicationRunner {

	private static final List<String> TEMPLATES = List.of("staff/layout", "inbox/start", "inbox/section");

	private final MessageSource messages;

	private final ITemplateEngine templates;

	InboxWarmUp(MessageSource messages, ITemplateEngine templates) {
		this.messages = messages;
		this.templates = templates;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (Lang lang : Lang.values()) {
			this.messages.getMessage("inbox.title", null, "", lang.locale());
		}
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("org.thymeleaf", LogLevel.OFF);
		try {
			for (String template : TEMPLATES) {
				try {
					this.templates.process(template, new Context(Locale.JAPANESE, Map.of()));
				}
				catch (TemplateInputException ex) {
					if (ex.getCause() instanceof org.attoparser.ParseException) {
						throw ex; // malformed markup: never report ready with it
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

}
