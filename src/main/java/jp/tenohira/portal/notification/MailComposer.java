package jp.tenohira.portal.notification;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.unbescape.html.HtmlEscape;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.mynumber.MyNumbers;
import jp.tenohira.portal.shared.Lang;

/**
 * Writes an e-mail's subject and plain-text body in the resident's language. Subjects
 * come from the {@code i18n/mail} bundle and carry only the portal's name, the kind of
 * message and the receipt number; bodies are Thymeleaf TEXT templates under
 * {@code templates/mail/<lang>/}.
 * <p>
 * Even in TEXT mode Thymeleaf's escaped output ({@code [[…]]}, the only kind the
 * templates may use) escapes HTML markup characters. A plain-text mail must show what
 * staff wrote exactly, so the rendered body is unescaped once: every {@code &} a value
 * contained was escaped, and the templates' own text contains none (a test checks), so
 * this gives back each value exactly and can never turn text into anything but text.
 * <p>
 * The template engine is this class's own (not a bean), so the HTML engine that renders
 * pages is left as it is. Rendering reads templates from the classpath on first use: call
 * it off the event loop.
 */
@Component
class MailComposer {

	private final SpringTemplateEngine engine;

	private final MessageSource messages;

	private final FormRegistry registry;

	private final String myPageUrl;

	MailComposer(MessageSource messages, FormRegistry registry,
			@Value("${portal.public-url:http://localhost:8080}") String publicUrl) {
		this.messages = messages;
		this.registry = registry;
		this.myPageUrl = publicUrl.replaceAll("/+$", "") + "/mypage";
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(MailComposer.class.getClassLoader());
		resolver.setPrefix("templates/mail/");
		resolver.setSuffix(".txt");
		resolver.setTemplateMode(TemplateMode.TEXT);
		resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
		resolver.setCacheable(true);
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(resolver);
		engine.setEnableSpringELCompiler(true);
		this.engine = engine;
	}

	/** A rendered e-mail. */
	record Mail(String subject, String body) {
	}

	Mail compose(Notice notice) {
		Locale locale = notice.lang().locale();
		String site = this.messages.getMessage("site.name", null, locale);
		String subject = this.messages.getMessage(subjectKey(notice), new Object[] { site, notice.receiptNumber() },
				locale);
		Context context = new Context(locale);
		context.setVariable("site", site);
		context.setVariable("city", this.registry.city().name().in(notice.lang()));
		context.setVariable("procedure", notice.procedureTitle());
		context.setVariable("receiptNumber", notice.receiptNumber());
		context.setVariable("myPageUrl", this.myPageUrl);
		context.setVariable("outcome", notice.outcome());
		// what staff wrote leaves the city's network here: a My Number typed into it by
		// mistake is masked (the notice itself never holds answers)
		context.setVariable("reason", MyNumbers.redact(notice.reason()));
		context.setVariable("message", MyNumbers.redact(notice.message()));
		context.setVariable("items", notice.itemLabels());
		String body = this.engine.process(folder(notice.lang()) + "/" + notice.kind().template(), context);
		return new Mail(subject, tidy(HtmlEscape.unescapeHtml(body)));
	}

	static String subjectKey(Notice notice) {
		return switch (notice.kind()) {
			case RECEIPT -> "mail.subject.receipt";
			case CORRECTION -> "mail.subject.correction";
			case DECISION -> "COMPLETED".equals(notice.outcome()) ? "mail.subject.completed" : "mail.subject.decision";
		};
	}

	private static String folder(Lang lang) {
		return switch (lang) {
			case EN -> "en";
			case EASY -> "easy";
			default -> "ja";
		};
	}

	/**
	 * Lines of the templates whose condition is false leave empty lines: keep at most one
	 * empty line in a row, none at the start, and end with one line break.
	 */
	static String tidy(String body) {
		String text = body.replace("\r\n", "\n").replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n");
		return text.strip() + "\n";
	}

}
