package jp.tenohira.portal.notification;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.FormsProperties;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.Lang;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every e-mail in every language: the subject carries only the portal, the kind and the
 * receipt number; the body says what happened, links to マイページ, and shows what staff wrote
 * literally (never evaluated).
 */
class MailComposerTests {

	private static final String RECEIPT = "2026-0000123";

	private static final String INJECTION = "[[${7*7}]] [(${T(java.lang.Runtime)})] #{site.name} <b>&amp;</b>";

	private static FormRegistry registry;

	private static MailComposer composer;

	private static ProcedureDefinition procedure;

	@BeforeAll
	static void setUp() {
		registry = new FormRegistry(new FormsProperties(Path.of("forms"), 10240));
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasenames("messages", "i18n/mail");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		composer = new MailComposer(messages, registry, "https://portal.example.jp/");
		procedure = registry.find("sodai-gomi").orElseThrow();
	}

	private static Notice notice(MailKind kind, Lang lang, String outcome, String reason, String message,
			List<String> items) {
		return new Notice(kind, lang, "resident@example.jp", RECEIPT, procedure.title().in(lang), outcome, reason,
				message, items);
	}

	@Test
	void receiptSubjectsCarryOnlyThePortalTheKindAndTheReceiptNumber() {
		assertThat(composer.compose(notice(MailKind.RECEIPT, Lang.JA, null, null, null, List.of())).subject())
			.isEqualTo("【てのひら市役所】申請を受け付けました（受付番号 2026-0000123）");
		assertThat(composer.compose(notice(MailKind.RECEIPT, Lang.EN, null, null, null, List.of())).subject())
			.isEqualTo("[Tenohira City Hall] Application received (receipt number 2026-0000123)");
		assertThat(composer.compose(notice(MailKind.RECEIPT, Lang.EASY, null, null, null, List.of())).subject())
			.isEqualTo("【てのひら市役所】申請を受け付けました（受付番号 2026-0000123）");
	}

	@Test
	void everyMailInEveryLanguageNamesTheProcedureAndLinksToMyPage() {
		for (Lang lang : Lang.values()) {
			List<Notice> notices = List.of(notice(MailKind.RECEIPT, lang, null, null, null, List.of()),
					notice(MailKind.CORRECTION, lang, null, null, "写真を添付してください。", List.of("品目", "電話番号")),
					notice(MailKind.DECISION, lang, "APPROVED", null, null, List.of()),
					notice(MailKind.DECISION, lang, "REJECTED", "対象外の品目です。", null, List.of()),
					notice(MailKind.DECISION, lang, "COMPLETED", null, null, List.of()));
			for (Notice notice : notices) {
				MailComposer.Mail mail = composer.compose(notice);
				String what = lang + " " + notice.kind() + " " + notice.outcome();
				assertThat(mail.subject()).as(what).contains(RECEIPT).doesNotContain(procedure.title().in(lang));
				assertThat(mail.body()).as(what)
					.contains(procedure.title().in(lang), RECEIPT, "https://portal.example.jp/mypage")
					.doesNotContain("\n\n\n")
					.doesNotContain("[[", "]]", "[#", "[/]")
					.endsWith("\n")
					.doesNotStartWith("\n");
			}
		}
	}

	@Test
	void correctionsCarryTheMessageAndTheItemsToFix() {
		MailComposer.Mail mail = composer
			.compose(notice(MailKind.CORRECTION, Lang.JA, null, null, "写真を添付してください。\n2行目です。", List.of("品目", "電話番号")));
		assertThat(mail.subject()).isEqualTo("【てのひら市役所】申請の修正をお願いします（受付番号 2026-0000123）");
		assertThat(mail.body()).contains("写真を添付してください。\n2行目です。", "・品目\n・電話番号\n");
		MailComposer.Mail english = composer
			.compose(notice(MailKind.CORRECTION, Lang.EN, null, null, "Please attach a photo.", List.of("Items")));
		assertThat(english.body()).contains("Please attach a photo.", "- Items\n");
	}

	@Test
	void decisionsSayWhatWasDecided() {
		MailComposer.Mail rejected = composer
			.compose(notice(MailKind.DECISION, Lang.JA, "REJECTED", "対象外の品目です。", null, List.of()));
		assertThat(rejected.subject()).isEqualTo("【てのひら市役所】審査結果のお知らせ（受付番号 2026-0000123）");
		assertThat(rejected.body()).contains("承認することができませんでした", "対象外の品目です。");
		MailComposer.Mail approved = composer
			.compose(notice(MailKind.DECISION, Lang.EN, "APPROVED", null, null, List.of()));
		assertThat(approved.body()).contains("approved").doesNotContain("could not approve", "Reason");
		MailComposer.Mail completed = composer
			.compose(notice(MailKind.DECISION, Lang.JA, "COMPLETED", null, null, List.of()));
		assertThat(completed.subject()).isEqualTo("【てのひら市役所】手続きが完了しました（受付番号 2026-0000123）");
		assertThat(completed.body()).contains("完了しました").doesNotContain("理由", "承認");
	}

	@Test
	void whatStaffWroteIsShownLiterallyNeverEvaluated() {
		MailComposer.Mail correction = composer
			.compose(notice(MailKind.CORRECTION, Lang.JA, null, null, INJECTION, List.of(INJECTION)));
		MailComposer.Mail rejection = composer
			.compose(notice(MailKind.DECISION, Lang.EN, "REJECTED", INJECTION, null, List.of()));
		for (MailComposer.Mail mail : List.of(correction, rejection)) {
			assertThat(mail.body()).contains(INJECTION).doesNotContain("49").doesNotContain("java.lang.Runtime@");
			assertThat(mail.subject()).doesNotContain("7*7");
		}
	}

	@Test
	void bundlesHaveTheSameSubjectsInBothLanguages() throws IOException {
		Properties japanese = load("i18n/mail.properties");
		Properties english = load("i18n/mail_en.properties");
		assertThat(english.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(japanese.stringPropertyNames());
		assertThat(japanese.stringPropertyNames()).contains("mail.subject.receipt", "mail.subject.correction",
				"mail.subject.decision", "mail.subject.completed");
	}

	@Test
	void everyLanguageHasEveryTemplateWithoutCharacterReferences() throws IOException {
		for (String folder : List.of("ja", "en", "easy")) {
			for (String template : List.of("receipt", "correction", "decision", "footer")) {
				Path file = Path.of("src/main/resources/templates/mail", folder, template + ".txt");
				assertThat(file).isRegularFile();
				// the rendered body is unescaped once (see MailComposer)
				assertThat(Files.readString(file)).as(file.toString()).doesNotContain("&");
			}
		}
	}

	private static Properties load(String file) throws IOException {
		Properties properties = new Properties();
		try (var reader = new InputStreamReader(Files.newInputStream(Path.of("src/main/resources", file)),
				StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return properties;
	}

}
