package jp.tenohira.portal.casework;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import jp.tenohira.portal.audit.AuditAction;
import jp.tenohira.portal.audit.AuditEntry;
import jp.tenohira.portal.audit.AuditLog;
import jp.tenohira.portal.identity.StaffMember;
import jp.tenohira.portal.jpki.RevocationReason;
import jp.tenohira.portal.jpki.SignatureCheck;
import jp.tenohira.portal.jpki.SignatureVerifier;
import jp.tenohira.portal.jpki.StoredSignature;
import jp.tenohira.portal.jpki.SubmissionSignatures;
import jp.tenohira.portal.submission.SubmissionSignedDocuments;
import jp.tenohira.portal.identity.StaffRole;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.Lang;

/**
 * A submission's signature for staff of its section: what was found at submission, the
 * certificate, and re-verification now (recorded with the evidence it relied on). Access
 * is the case screen's ({@link Casework#visibleSection}); every view and re-verification
 * is audited before anything is shown.
 */
@Service
class SignatureReview {

	static final String TARGET_TYPE = "submission";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(CityTime.ZONE);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(CityTime.ZONE);

	private final Casework casework;

	private final SubmissionSignatures signatures;

	private final SignatureVerifier verifier;

	private final SubmissionSignedDocuments documents;

	private final AuditLog audit;

	private final MessageSource messages;

	SignatureReview(Casework casework, SubmissionSignatures signatures, SignatureVerifier verifier,
			SubmissionSignedDocuments documents, AuditLog audit, MessageSource messages) {
		this.casework = casework;
		this.signatures = signatures;
		this.verifier = verifier;
		this.documents = documents;
		this.audit = audit;
		this.messages = messages;
	}

	/** The signature page; records the view first. */
	Mono<SignatureView> view(UUID id, StaffMember staff, Lang lang, boolean done) {
		return this.casework.visibleSection(id, staff, AuditAction.SUBMISSION_VIEW)
			.flatMap((section) -> this.signatures.receiptNumber(id)
				.flatMap((receipt) -> this.signatures.find(id)
					.map(Optional::of)
					.defaultIfEmpty(Optional.empty())
					.flatMap((stored) -> this.audit
						.record(AuditEntry
							.staff(staff, AuditAction.SUBMISSION_VIEW, TARGET_TYPE, id.toString(), section)
							.withDetail(Map.of("page", "signature", "receiptNumber", receipt, "signed",
									stored.isPresent())))
						.thenReturn(build(id, receipt, stored.orElse(null), staff, lang, done)))));
	}

	/**
	 * Checks the stored signature again now and records the result; a submission without
	 * a signature is recorded as a failed attempt and left as it is.
	 */
	Mono<Void> reverify(UUID id, StaffMember staff) {
		return this.casework.visibleSection(id, staff, AuditAction.SIGNATURE_VERIFY)
			.flatMap((section) -> this.signatures.find(id)
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap((stored) -> {
					AuditEntry entry = AuditEntry.staff(staff, AuditAction.SIGNATURE_VERIFY, TARGET_TYPE, id.toString(),
							section);
					if (stored.isEmpty()) {
						return this.audit.record(
								entry.withOutcome(AuditEntry.Outcome.FAILED).withDetail(Map.of("error", "unsigned")));
					}
					StoredSignature signature = stored.get();
					return check(id, signature).flatMap((check) -> this.signatures
						.insertReverification(signature.id(), check, staff.subject(), staff.name())
						.then(this.audit.record(entry.withDetail(detail(check)))));
				}));
	}

	/**
	 * The document rebuilt from the stored answers (revision 1) and files: a changed
	 * answer no longer matches the signature.
	 */
	private Mono<SignatureCheck> check(UUID id, StoredSignature signature) {
		return this.documents.document(id)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("signed submission without revision 1")))
			.flatMap((document) -> this.verifier.reverify(document, signature.cms()));
	}

	private static Map<String, Object> detail(SignatureCheck check) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("outcome", check.outcome().name());
		check.revocationReason().ifPresent((reason) -> detail.put("reason", reason.name()));
		if (check.revocationMethod() != null) {
			detail.put("revocationMethod", check.revocationMethod());
		}
		if (check.certificate() != null) {
			detail.put("certificateSerial", check.certificate().serialHex());
		}
		return detail;
	}

	private SignatureView build(UUID id, String receipt, StoredSignature stored, StaffMember staff, Lang lang,
			boolean done) {
		boolean canReverify = staff.has(StaffRole.CLERK) || staff.has(StaffRole.APPROVER);
		String doneMessage = done ? message("signature.reverify.done", lang) : null;
		if (stored == null) {
			return new SignatureView(id.toString(), receipt, false, message("signature.none", lang), false, null,
					List.of(), null, null, false, doneMessage);
		}
		StoredSignature.Check first = stored.atSubmission();
		boolean valid = first.outcome() == SignatureCheck.Outcome.VALID;
		String headline = valid ? message("signature.atSubmission.valid", lang)
				: message("signature.atSubmission.other", lang, outcome(first, lang));
		List<SignatureView.CheckView> later = new ArrayList<>();
		for (StoredSignature.Check check : stored.reverifications()) {
			later.add(checkView(check, lang));
		}
		Collections.reverse(later);
		SignatureCheck.CertificateDetails certificate = first.certificate();
		return new SignatureView(id.toString(), receipt, true, headline, valid, checkView(first, lang), later,
				new SignatureView.CertificateView(certificate.subject(), certificate.issuer(), certificate.serialHex(),
						DAY.format(certificate.notBefore()), DAY.format(certificate.notAfter())),
				HexFormat.of().formatHex(stored.documentSha256()), canReverify, doneMessage);
	}

	private SignatureView.CheckView checkView(StoredSignature.Check check, Lang lang) {
		String reason = check.revocationReason().map((r) -> message("signature.reason." + r.name(), lang)).orElse(null);
		String method = message(
				"signature.method." + ((check.revocationMethod() != null) ? check.revocationMethod() : "none"), lang);
		return new SignatureView.CheckView(outcome(check, lang),
				check.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
				check.outcome() == SignatureCheck.Outcome.VALID, reason, method, TIME.format(check.checkedAt()),
				check.checkedByName());
	}

	private String outcome(StoredSignature.Check check, Lang lang) {
		return message("signature.outcome." + check.outcome().name(), lang);
	}

	private String message(String key, Lang lang, Object... args) {
		return this.messages.getMessage(key, args, lang.locale());
	}

}
