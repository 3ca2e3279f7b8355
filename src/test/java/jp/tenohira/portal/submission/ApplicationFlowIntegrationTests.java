package jp.tenohira.portal.submission;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.inbox.InboxRelay;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resident's path on the real stack and real PostgreSQL: drafts, validation,
 * conditions, idempotent submit, outbox to inbox routing and rollback.
 */
@PortalIntegrationTest
class ApplicationFlowIntegrationTests {

	@Autowired
	Environment environment;

	@Autowired
	FormRegistry registry;

	@Autowired
	InboxRelay relay;

	@Autowired
	DraftRetention retention;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	ProcedureDefinition definition(String id) {
		return this.registry.find(id).orElseThrow();
	}

	@Test
	void validationErrorsAreShownInTheResidentsLanguageAndNothingTypedIsLost() {
		ResidentClient resident = new ResidentClient(port());
		String first = resident.apply("sodai-gomi");
		resident.get(first);
		ResidentClient.Response saved = resident.post(first,
				form("applicant-name.family", "郡山", "phone", "12", "_action", "next"));
		assertThat(saved.location()).contains("validate=true").endsWith("#error-summary");
		Document page = resident.get(saved.location().replaceAll("#.*", "")).html();
		assertThat(page.select(".error-summary a")).extracting((a) -> a.text())
			.contains("申込者氏名（名）: 入力してください。", "電話番号（日中連絡がとれる番号）: 電話番号は0から始まる10桁か11桁の数字で入力してください。");
		assertThat(page.select(".error-summary a").first().attr("href")).isEqualTo("#f-applicant-name-given");
		assertThat(page.getElementById("f-applicant-name-given")).isNotNull();
		assertThat(page.getElementById("f-applicant-name-family").val()).isEqualTo("郡山");
		assertThat(page.getElementById("f-phone").val()).isEqualTo("12");
		assertThat(page.title()).startsWith("入力内容を確認してください");

		Document english = resident.get(saved.location().replaceAll("#.*", "") + "&lang=en").html();
		assertThat(english.select(".error-summary a").text()).contains("Enter this.");
		assertThat(english.select("html").attr("lang")).isEqualTo("en");
	}

	@Test
	void aFieldThatDependsOnAnAnswerOnTheSamePageAppearsBeforeItIsRequired() {
		ResidentClient resident = new ResidentClient(port());
		String base = FormWalker.walkToCheck(resident, definition("sodai-gomi"),
				Map.of("collection", form("collection-method", "self-haul")));
		Document check = resident.get(base + "/check").html();
		assertThat(check.text()).doesNotContain("搬出する階");
		ResidentClient.Response change = resident.post(base + "/pages/collection?return=check",
				form("collection-method", "doorstep", "preferred-date", "2099-01-05", "_action", "next"));
		assertThat(change.location()).doesNotContain("validate").contains("/pages/collection");
		Document shown = resident.get(change.location().replaceAll("#.*", "")).html();
		assertThat(shown.getElementById("f-floor")).isNotNull();
		assertThat(shown.select(".error-summary")).isEmpty();
		ResidentClient.Response again = resident.post(base + "/pages/collection?return=check",
				form("collection-method", "doorstep", "preferred-date", "2099-01-05", "_action", "next"));
		assertThat(again.location()).contains("validate=true");
	}

	@Test
	void aDraftSurvivesANewSessionAndIsInvisibleToOtherBrowsers() throws SQLException {
		ResidentClient resident = new ResidentClient(port());
		String first = resident.apply("sodai-gomi");
		resident.get(first);
		resident.post(first, form("applicant-name.family", "保存", "_action", "next"));

		ResidentClient sameBrowserNewSession = resident.withOnly("applicant", port());
		Document page = sameBrowserNewSession.get(first).html();
		assertThat(page.getElementById("f-applicant-name-family").val()).isEqualTo("保存");

		ResidentClient stranger = new ResidentClient(port());
		assertThat(stranger.get(first).status()).isEqualTo(404);
		stranger.get("/procedures/sodai-gomi");
		assertThat(stranger.post(first, form("applicant-name.family", "乗っ取り")).status()).isEqualTo(404);
		assertThat(sameBrowserNewSession.get(first).html().getElementById("f-applicant-name-family").val())
			.isEqualTo("保存");
	}

	@Test
	void submittingTwentyTimesConcurrentlyAndInSequenceYieldsOneSubmission() throws Exception {
		ResidentClient resident = new ResidentClient(port());
		String base = FormWalker.walkToCheck(resident, definition("sodai-gomi"), Map.of());
		resident.get(base + "/check");
		String csrf = resident.csrf();
		ExecutorService pool = Executors.newFixedThreadPool(10);
		try {
			List<CompletableFuture<ResidentClient.Response>> concurrent = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				concurrent.add(CompletableFuture.supplyAsync(() -> resident.post(base + "/submit", form("_csrf", csrf)),
						pool));
			}
			Set<String> receipts = new HashSet<>();
			for (CompletableFuture<ResidentClient.Response> response : concurrent) {
				assertThat(response.get().status()).isEqualTo(303);
				assertThat(response.get().location()).endsWith(base + "/receipt");
			}
			for (int i = 0; i < 10; i++) {
				ResidentClient.Response response = resident.post(base + "/submit", form("_csrf", csrf));
				assertThat(response.location()).endsWith(base + "/receipt");
				receipts.add(resident.get(base + "/receipt").html().getElementById("receipt-number").text());
			}
			assertThat(receipts).hasSize(1);
			ResidentClient.Response lateSave = resident.post(base + "/pages/applicant",
					form("_csrf", csrf, "phone", "0312345678", "_action", "next"));
			assertThat(lateSave.location()).as("a save from another tab after submit shows the receipt")
				.endsWith(base + "/receipt");
			assertThat(receipts.iterator().next()).matches("\\d{4}-\\d{7}");
			String draftId = base.replaceAll(".*/", "");
			assertThat(TestDatabase.get().count("select count(*) from submission where draft_id = '" + draftId + "'"))
				.isEqualTo(1);
			assertThat(TestDatabase.get()
				.count("select count(*) from outbox o join submission s on s.id = o.aggregate_id where s.draft_id = '"
						+ draftId + "' and o.event_type = 'submission.received'"))
				.isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theOutboxRoutesEachSubmissionToItsSectionIncludingByAnAnswer() throws SQLException {
		ResidentClient resident = new ResidentClient(port());
		String sewage = submit(resident, "shisetsu-kengaku", Map.of("*", form("facility", "sewage-plant")));
		String water = submit(new ResidentClient(port()), "shisetsu-kengaku",
				Map.of("*", form("facility", "water-plant")));
		String garbage = submit(new ResidentClient(port()), "sodai-gomi", Map.of());
		this.relay.relayOnce().block();
		assertThat(sectionOf(sewage)).isEqualTo("gesuidou-hozen");
		assertThat(sectionOf(water)).isEqualTo("okyakusama-service");
		assertThat(sectionOf(garbage)).isEqualTo("kankyou-seisaku");
		this.relay.relayOnce().block();
		assertThat(TestDatabase.get()
			.count("select count(*) from inbox_item i join submission s on s.id = i.submission_id where s.draft_id = '"
					+ sewage + "'"))
			.isEqualTo(1);
		assertThat(TestDatabase.get()
			.count("select count(*) from outbox where processed_at is null and event_type = 'submission.received'"))
			.isZero();
	}

	@Test
	void theRelayRoutesSubmissionsOnItsOwn() throws Exception {
		String garbage = submit(new ResidentClient(port()), "sodai-gomi", Map.of());
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
		long routed = 0;
		while (routed == 0 && System.nanoTime() < deadline) {
			Thread.sleep(100);
			routed = TestDatabase.get()
				.count("select count(*) from inbox_item i join submission s on s.id = i.submission_id where s.draft_id = '"
						+ garbage + "'");
		}
		assertThat(routed).as("routed by the running relay, without calling it").isEqualTo(1);
	}

	@Test
	void aFailureInsideTheSubmitTransactionLeavesNoHalfWrittenSubmission() throws SQLException {
		ResidentClient resident = new ResidentClient(port());
		String base = FormWalker.walkToCheck(resident, definition("shisetsu-kengaku"), Map.of());
		String draftId = base.replaceAll(".*/", "");
		TestDatabase.get()
			.execute(
					"""
							create or replace function fail_outbox_for_test() returns trigger language plpgsql as $$
							begin
							  if new.payload ->> 'procedureId' = 'shisetsu-kengaku' then raise exception 'injected outbox failure'; end if;
							  return new;
							end $$;
							create trigger fail_outbox_for_test before insert on outbox for each row execute function fail_outbox_for_test();
							""");
		try {
			resident.get(base + "/check");
			ResidentClient.Response failed = resident.post(base + "/submit", form());
			assertThat(failed.status()).isEqualTo(500);
			assertThat(failed.body()).doesNotContain("injected").doesNotContain("Exception").contains("お問い合わせ番号");
			assertThat(TestDatabase.get().count("select count(*) from submission where draft_id = '" + draftId + "'"))
				.isZero();
			assertThat(TestDatabase.get()
				.count("select count(*) from draft where id = '" + draftId + "' and status = 'OPEN'")).isEqualTo(1);
		}
		finally {
			TestDatabase.get()
				.execute("drop trigger fail_outbox_for_test on outbox; drop function fail_outbox_for_test();");
		}
		ResidentClient.Response retried = resident.post(base + "/submit", form());
		assertThat(retried.location()).endsWith("/receipt");
		assertThat(TestDatabase.get().count("select count(*) from submission where draft_id = '" + draftId + "'"))
			.isEqualTo(1);
	}

	@Test
	void abandonedDraftsAreDeletedWithTheirAttachmentsButSubmittedOnesStay() throws SQLException {
		ResidentClient resident = new ResidentClient(port());
		String abandoned = resident.apply("sodai-gomi").replaceAll(".*/applications/", "").replaceAll("/.*", "");
		String submitted = submit(new ResidentClient(port()), "sodai-gomi", Map.of());
		String recent = new ResidentClient(port()).apply("sodai-gomi")
			.replaceAll(".*/applications/", "")
			.replaceAll("/.*", "");
		TestDatabase.get()
			.execute("update draft set updated_at = now() - interval '31 days' where id in ('" + abandoned + "', '"
					+ submitted + "')");
		assertThat(this.retention.purgeOnce().block()).isGreaterThanOrEqualTo(1L);
		assertThat(TestDatabase.get().count("select count(*) from draft where id = '" + abandoned + "'")).isZero();
		assertThat(TestDatabase.get().count("select count(*) from draft where id = '" + submitted + "'")).isEqualTo(1);
		assertThat(TestDatabase.get().count("select count(*) from draft where id = '" + recent + "'")).isEqualTo(1);
		assertThat(resident.get("/applications/" + abandoned + "/check").status()).isEqualTo(404);
	}

	@Test
	void everyOnlineFormCanBeCompletedAndSubmitted() throws SQLException {
		List<String> failures = new ArrayList<>();
		for (ProcedureDefinition definition : this.registry.all()) {
			if (!definition.online() || definition.assurance() != jp.tenohira.portal.forms.AssuranceLevel.NONE) {
				continue;
			}
			try {
				submit(new ResidentClient(port()), definition.id(), Map.of());
			}
			catch (AssertionError ex) {
				failures.add(definition.id() + ": " + ex.getMessage());
			}
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void loginIsRequiredBeforeStartingAnAccountLevelProcedure() {
		ProcedureDefinition accountLevel = this.registry.all()
			.stream()
			.filter((d) -> d.online() && d.assurance() == jp.tenohira.portal.forms.AssuranceLevel.ACCOUNT)
			.findFirst()
			.orElseThrow();
		ResidentClient resident = new ResidentClient(port());
		Document page = resident.get("/procedures/" + accountLevel.id()).html();
		assertThat(page.select("a[href$=/login]")).hasSize(1);
		assertThat(page.select("form[action$=/apply]")).isEmpty();
		resident.get("/procedures/sodai-gomi");
		assertThat(resident.post("/procedures/" + accountLevel.id() + "/apply", form()).location())
			.endsWith("/procedures/" + accountLevel.id() + "/login");
		assertThat(resident.get("/procedures/" + accountLevel.id() + "/login").location())
			.endsWith("/oauth2/authorization/resident");
	}

	@Test
	void uploadsAreCheckedByContentAndSizeWithAClearMessage() throws SQLException {
		ProcedureDefinition withFile = this.registry.all()
			.stream()
			.filter((d) -> d.online() && d.assurance() == jp.tenohira.portal.forms.AssuranceLevel.NONE)
			.filter((d) -> d.pages()
				.get(0)
				.fields()
				.stream()
				.anyMatch((f) -> f.type() == jp.tenohira.portal.forms.FieldType.FILE)
					|| d.pages()
						.stream()
						.anyMatch((p) -> p.hasFileField() && p.when() == jp.tenohira.portal.forms.Condition.ALWAYS))
			.findFirst()
			.orElseThrow();
		ResidentClient resident = new ResidentClient(port());
		String first = resident.apply(withFile.id());
		String base = first.replaceAll("/pages/.*", "");
		jp.tenohira.portal.forms.Page page = withFile.pages()
			.stream()
			.filter((p) -> p.hasFileField() && p.when() == jp.tenohira.portal.forms.Condition.ALWAYS)
			.findFirst()
			.orElseThrow();
		String fileField = page.fields()
			.stream()
			.filter((f) -> f.type() == jp.tenohira.portal.forms.FieldType.FILE)
			.findFirst()
			.orElseThrow()
			.id();
		String pagePath = base + "/pages/" + page.id();
		resident.get(pagePath);
		ResidentClient.Response renamed = resident.postMultipart(pagePath, form("_action", "next"),
				fileField + ".upload", "invoice.pdf", "application/pdf",
				"MZ\u0090\u0000 this is an executable".getBytes());
		assertThat(renamed.location()).contains("fileError=" + fileField + ":wrong-type");
		Document shown = resident.get(renamed.location().replaceAll("#.*", "")).html();
		assertThat(shown.select(".error-summary").text()).contains("このファイルの種類は添付できません");

		int maxBytes = page.fields()
			.stream()
			.filter((f) -> f.id().equals(fileField))
			.map((f) -> ((jp.tenohira.portal.forms.FieldDefinition.FileField) f).maxSizeKb() * 1024)
			.findFirst()
			.orElseThrow();
		byte[] tooLarge = java.util.Arrays.copyOf(FormWalker.PDF, maxBytes + 1);
		ResidentClient.Response large = resident.postMultipart(pagePath, form("_action", "next"), fileField + ".upload",
				"scan.pdf", "application/pdf", tooLarge);
		assertThat(large.location()).contains("fileError=" + fileField + ":too-large");
		assertThat(resident.get(large.location().replaceAll("#.*", "")).html().select(".error-summary").text())
			.contains("ファイルが大きすぎます");
		assertThat(TestDatabase.get()
			.count("select count(*) from attachment where draft_id = '" + base.replaceAll(".*/", "") + "'")).isZero();

		ResidentClient.Response overHardLimit = resident.postMultipart(pagePath, form("_action", "next"),
				fileField + ".upload", "huge.pdf", "application/pdf", new byte[12 * 1024 * 1024]);
		assertThat(overHardLimit.status()).isEqualTo(413);
		assertThat(overHardLimit.html().select("h1").text()).isEqualTo("送信した内容が大きすぎます");

		ResidentClient.Response ok = resident.postMultipart(pagePath, form("_action", "back"), fileField + ".upload",
				"../../etc/診断書.pdf", "application/pdf", FormWalker.PDF);
		assertThat(ok.status()).isEqualTo(303);
		assertThat(TestDatabase.get()
			.count("select count(*) from attachment where draft_id = '" + base.replaceAll(".*/", "")
					+ "' and file_name = '診断書.pdf' and media_type = 'application/pdf'"))
			.isEqualTo(1);
		Document after = resident.get(pagePath).html();
		assertThat(after.select(".file-current").text()).contains("診断書.pdf");

		ResidentClient.Response removed = resident.post(pagePath, form("_action", "remove-file:" + fileField));
		assertThat(removed.status()).isEqualTo(303);
		assertThat(TestDatabase.get()
			.count("select count(*) from attachment where draft_id = '" + base.replaceAll(".*/", "") + "'")).isZero();
		assertThat(resident.get(pagePath).html().select(".file-current")).isEmpty();
	}

	private String submit(ResidentClient resident, String procedureId,
			Map<String, Map<String, List<String>>> overrides) {
		ProcedureDefinition definition = definition(procedureId);
		Map<String, Map<String, List<String>>> byPage = new java.util.HashMap<>();
		if (overrides.containsKey("*")) {
			definition.pages().forEach((p) -> byPage.put(p.id(), overrides.get("*")));
		}
		byPage.putAll(overrides);
		byPage.remove("*");
		String base = FormWalker.walkToCheck(resident, definition, byPage);
		resident.get(base + "/check");
		ResidentClient.Response submitted = resident.post(base + "/submit", form());
		assertThat(submitted.location()).as(procedureId).endsWith(base + "/receipt");
		Document receipt = resident.get(base + "/receipt").html();
		assertThat(receipt.getElementById("receipt-number").text()).as(procedureId).matches("\\d{4}-\\d{7}");
		return base.replaceAll(".*/", "");
	}

	private String sectionOf(String draftId) throws SQLException {
		List<String> sections = TestDatabase.get()
			.rows("select i.section_id from inbox_item i join submission s on s.id = i.submission_id where s.draft_id = '"
					+ draftId + "'");
		return sections.isEmpty() ? null : sections.get(0);
	}

}
