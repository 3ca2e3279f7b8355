package jp.tenohira.portal.notification;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.FormsProperties;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.mynumber.MyNumbers;
import jp.tenohira.portal.shared.Lang;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * E-mail never carries a My Number: notices hold no answers, and a number that staff type
 * into a correction message or a rejection reason by mistake is masked before it leaves.
 */
class MailMyNumberTests {

	@Test
	void aNumberTypedByStaffIsMaskedInEveryLanguage() {
		FormRegistry registry = new FormRegistry(new FormsProperties(Path.of("forms"), 10240));
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasenames("messages", "i18n/mail");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		MailComposer composer = new MailComposer(messages, registry, "https://portal.example.jp/");
		ProcedureDefinition allowance = registry.find("jidou-teate-nintei").orElseThrow();
		for (Lang lang : Lang.values()) {
			MailComposer.Mail correction = composer.compose(
					new Notice(MailKind.CORRECTION, lang, "r@example.jp", "2026-0000123", allowance.title().in(lang),
							null, null, "個人番号 １２３４ ５６７８ ９０１８ を確認してください（受付番号 2026-0000123）", List.of("請求者の個人番号")));
			MailComposer.Mail rejection = composer
				.compose(new Notice(MailKind.DECISION, lang, "r@example.jp", "2026-0000123", allowance.title().in(lang),
						"REJECTED", "番号 1234-5678-9018 は別人のものでした", null, List.of()));
			for (MailComposer.Mail mail : List.of(correction, rejection)) {
				assertThat(mail.subject() + mail.body()).doesNotContain("9018")
					.doesNotContain("９０１８")
					.contains(MyNumbers.MASK)
					.contains("2026-0000123");
			}
		}
	}

}
