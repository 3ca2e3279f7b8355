package jp.tenohira.portal.jpki;

import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

import jp.tenohira.portal.casework.StaffLogins;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.jpki.SignatureCheck.Outcome;
import jp.tenohira.portal.jpki.simulator.DigitalAuthSimulator;
import jp.tenohira.portal.jpki.simulator.Persona;
import jp.tenohira.portal.submission.SubmissionSignedDocuments;
import jp.tenohira.portal.support.Personas;
import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.ResidentClient;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestSubmissions;

import static jp.tenohira.portal.support.ResidentClient.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signatures stored with real submissions in PostgreSQL (append-only, evidence stored
 * once) and the staff signature page over HTTP with real staff logins: the finding at
 * submission, section isolation, and re-verification recorded with an audit row.
 * Revocation is checked against the simulator's CRL.
 */
@PortalIntegrationTest
class SignatureIntegrationTests {

	private static final DigitalAuthSimulator SIMULATOR = DigitalAuthSimulator.shared();

	@Autowired
	Environment environment;

	@Autowired
	SubmissionSignedDocuments documents;

	@Autowired
	FormRegistry registry;

	@Autowired
	SignatureVerifier verifier;

	@Autowired
	SubmissionSignatures signatures;

	@Autowired
	DatabaseClient db;

	int port() {
		return Integer.parseInt(this.environment.getProperty("local.server.port"));
	}

	TestSubmissions.Submitted submission() throws SQLException {
		return TestSubmissions.submit(new ResidentClient(port()), this.registry.find("sodai-gomi").orElseThrow(),
				Map.of());
	}

	/**
	 * Signs the submission's canonical document (as the submission feature rebuilds it)
	 * as the persona and stores the check.
	 */
	SignatureCheck signAndStore(TestSubmissions.Submitted submitted, Persona persona) throws Exception {
		byte[] document = this.documents.document(UUID.fromString(submitted.submissionId())).block();
		byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(document);
		SignatureCheck check = this.verifier
			.verify(document, SIMULATOR.ca().sign(persona, sha256), SIMULATOR.ca().certificate(persona))
			.block();
		this.signatures.insert(UUID.fromString(submitted.submissionId()), sha256, check).block();
		return check;
	}

	@Test
	void storesTheSignatureAppendOnlyWithItsEvidenceOnce() throws Exception {
		TestSubmissions.Submitted first = submission();
		SignatureCheck check = signAndStore(first, Persona.VALID);
		assertThat(check.outcome()).isEqualTo(Outcome.VALID);

		StoredSignature stored = this.signatures.find(UUID.fromString(first.submissionId())).block();
		assertThat(stored.cms()).isEqualTo(check.cms());
		assertThat(stored.atSubmission().outcome()).isEqualTo(Outcome.VALID);
		assertThat(stored.atSubmission().revocationMethod()).isEqualTo("crl");
		assertThat(stored.atSubmission().certificate().serialHex()).isEqualTo(check.certificate().serialHex());
		assertThat(stored.atSubmission().certificate().subject()).isEqualTo(check.certificate().subject());
		assertThat(stored.atSubmission().evidenceSha256())
			.isEqualTo(SubmissionSignatures.sha256(check.revocationEvidence()));
		assertThat(this.signatures.evidence(stored.atSubmission().evidenceSha256()).block())
			.isEqualTo(check.revocationEvidence());
		assertThat(stored.reverifications()).isEmpty();
		assertThat(stored.latest()).isEqualTo(stored.atSubmission());

		// one signature per submission
		assertThatThrownBy(
				() -> this.signatures.insert(UUID.fromString(first.submissionId()), new byte[32], check).block())
			.hasMessageContaining("duplicate");

		// a revoked one on another submission: same CRL, stored once
		TestSubmissions.Submitted second = submission();
		SignatureCheck revoked = signAndStore(second, Persona.MOVED);
		assertThat(revoked.outcome()).isEqualTo(Outcome.REVOKED);
		StoredSignature stored2 = this.signatures.find(UUID.fromString(second.submissionId())).block();
		assertThat(stored2.atSubmission().revocationReason()).contains(RevocationReason.AFFILIATION_CHANGED);
		assertThat(TestDatabase.get()
			.count("select count(*) from revocation_evidence where sha256 = '\\x"
					+ HexFormat.of().formatHex(stored.atSubmission().evidenceSha256()) + "'"))
			.isEqualTo(1);
		assertThat(this.signatures.find(UUID.randomUUID()).block()).isNull();

		// evidence: the portal's role may not change or remove it, and the owner is
		// refused too
		for (String sql : List.of("update submission_signature set outcome = 'VALID'",
				"delete from submission_signature", "delete from revocation_evidence",
				"update submission_signature_check set outcome = 'VALID'", "truncate submission_signature_check")) {
			assertThatThrownBy(() -> this.db.sql(sql).fetch().rowsUpdated().block()).as(sql)
				.hasMessageContaining("permission denied");
		}
		assertThatThrownBy(() -> TestDatabase.get().execute("delete from submission_signature"))
			.hasMessageContaining("append-only");
	}

	@Test
	void staffOfTheSectionSeeTheSignatureAndReverifyIt() throws Exception {
		TestSubmissions.Submitted submitted = submission();
		SignatureCheck check = signAndStore(submitted, Persona.VALID);
		String page = "/staff/submissions/" + submitted.submissionId() + "/signature";

		ResidentClient clerk = StaffLogins.staff(port(), Personas.CLERK_X);
		ResidentClient.Response shown = clerk.get(page);
		assertThat(shown.status()).isEqualTo(200);
		Document html = shown.html();
		assertThat(html.select("#signature-headline").text()).isEqualTo("申請時点で署名は有効でした");
		assertThat(html.select("h1").text()).contains(submitted.receiptNumber());
		assertThat(html.select("#signature-certificate").text()).contains(check.certificate().serialHex())
			.contains("CN=Test JPKI Signature CA")
			.contains(check.certificate().subject());
		assertThat(html.select("#signature-at-submission").text()).contains("CRL");
		assertThat(html.select("form[method=post]"))
			.allSatisfy((form) -> assertThat(form.select("input[name=_csrf]")).hasSize(1));
		assertThat(html.select("#action-reverify")).hasSize(1);
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where action = 'SUBMISSION_VIEW' and target_id = '"
					+ submitted.submissionId() + "' and detail->>'page' = 'signature' and actor_subject = 'clerk-x'"))
			.isEqualTo(1);

		// another section: not found, for reading and for re-verifying, both recorded as
		// denied
		ResidentClient other = StaffLogins.staff(port(), Personas.CLERK_Y);
		assertThat(other.get(page).status()).isEqualTo(404);
		assertThat(other.post(page + "/reverify", form()).status()).isEqualTo(404);
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where outcome = 'DENIED' and actor_subject = 'clerk-y' "
					+ "and target_id = '" + submitted.submissionId() + "'"))
			.isEqualTo(2);
		// an auditor may not re-verify
		assertThat(StaffLogins.staff(port(), Personas.AUDITOR).post(page + "/reverify", form()).status())
			.isEqualTo(403);

		clerk.get(page);
		ResidentClient.Response reverified = clerk.post(page + "/reverify", form());
		assertThat(reverified.status()).isEqualTo(303);
		assertThat(reverified.location()).endsWith(page + "?done=reverify");
		assertThat(TestDatabase.get()
			.rows("select c.outcome || ' ' || c.revocation_method || ' ' || c.checked_by_subject "
					+ "from submission_signature_check c join submission_signature s on s.id = c.signature_id "
					+ "where s.submission_id = '" + submitted.submissionId() + "'"))
			.containsExactly("VALID crl clerk-x");
		List<String> audit = TestDatabase.get()
			.rows("select outcome || ' ' || section_id || ' ' || detail::text from audit_event "
					+ "where action = 'SIGNATURE_VERIFY' and actor_subject = 'clerk-x' and target_id = '"
					+ submitted.submissionId() + "'");
		assertThat(audit).hasSize(1);
		assertThat(audit.get(0)).startsWith("SUCCESS " + Personas.SECTION_X)
			.contains("\"outcome\": \"VALID\"")
			.contains(check.certificate().serialHex())
			.doesNotContain(check.certificate().subject());

		Document after = clerk.get(reverified.location()).html();
		assertThat(after.select(".notice").text()).contains("再検証しました");
		assertThat(after.select("#signature-history tbody tr")).hasSize(1);
		assertThat(after.select("#signature-history").text()).contains("有効").contains("環境 一郎");
	}

	@Test
	void anUnsignedSubmissionSaysSoAndAReverifyIsRecordedAsFailed() throws Exception {
		TestSubmissions.Submitted submitted = submission();
		String page = "/staff/submissions/" + submitted.submissionId() + "/signature";
		ResidentClient clerk = StaffLogins.staff(port(), Personas.CLERK_X);
		Document html = clerk.get(page).html();
		assertThat(html.select("#signature-headline").text()).isEqualTo("この申請には電子署名がありません。");
		assertThat(html.select("#action-reverify")).isEmpty();
		assertThat(clerk.post(page + "/reverify", form()).status()).isEqualTo(303);
		assertThat(TestDatabase.get()
			.count("select count(*) from audit_event where action = 'SIGNATURE_VERIFY' and outcome = 'FAILED' "
					+ "and target_id = '" + submitted.submissionId() + "'"))
			.isEqualTo(1);
	}

}
