package jp.tenohira.portal.jpki;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import jp.tenohira.portal.jpki.SignatureCheck.CertificateDetails;
import jp.tenohira.portal.jpki.SignatureCheck.Outcome;

/**
 * Stores submissions' signatures with the revocation evidence they relied on, append-only
 * (the application's database role may not change or delete these rows). A CRL is stored
 * once, however many checks relied on it.
 */
@Repository
public class SubmissionSignatures {

	private final DatabaseClient db;

	SubmissionSignatures(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Stores the signature of a submission and the check made at submission. Runs in the
	 * caller's transaction, if any; a submission has one signature.
	 * @param submissionId the submission
	 * @param documentSha256 the SHA-256 of the canonical document that was signed
	 * @param check the check, with its CMS and certificate details
	 * @return completes when stored
	 */
	public Mono<Void> insert(UUID submissionId, byte[] documentSha256, SignatureCheck check) {
		if (check.cms() == null || check.certificate() == null) {
			return Mono.error(new IllegalArgumentException("a signature without CMS or certificate is not stored"));
		}
		CertificateDetails certificate = check.certificate();
		return evidence(check).map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.flatMap((evidence) -> {
				DatabaseClient.GenericExecuteSpec insert = this.db.sql("""
						insert into submission_signature (id, submission_id, document_sha256, cms, outcome,
						    revocation_reason, revocation_method, revocation_evidence_id, certificate_subject,
						    certificate_issuer, certificate_serial, certificate_not_before, certificate_not_after,
						    checked_at)
						values (:id, :submission, :sha, :cms, :outcome, :reason, :method, :evidence, :subject, :issuer,
						    :serial, :notBefore, :notAfter, :checkedAt)
						""")
					.bind("id", UUID.randomUUID())
					.bind("submission", submissionId)
					.bind("sha", ByteBuffer.wrap(documentSha256))
					.bind("cms", ByteBuffer.wrap(check.cms()))
					.bind("outcome", check.outcome().name())
					.bind("subject", certificate.subject())
					.bind("issuer", certificate.issuer())
					.bind("serial", certificate.serialHex())
					.bind("notBefore", utc(certificate.notBefore()))
					.bind("notAfter", utc(certificate.notAfter()))
					.bind("checkedAt", utc(check.checkedAt()));
				insert = bindRevocation(insert, check, evidence.orElse(null));
				return insert.then();
			});
	}

	/**
	 * A submission's signature with every check made of it.
	 * @param submissionId the submission
	 * @return the signature, empty when the submission was not signed
	 */
	public Mono<StoredSignature> find(UUID submissionId) {
		return this.db.sql("""
				select s.id, s.submission_id, s.document_sha256, s.cms, s.outcome, s.revocation_reason,
				    s.revocation_method, e.sha256 as evidence_sha256, s.certificate_subject, s.certificate_issuer,
				    s.certificate_serial, s.certificate_not_before, s.certificate_not_after, s.checked_at
				from submission_signature s left join revocation_evidence e on e.id = s.revocation_evidence_id
				where s.submission_id = :submission
				""")
			.bind("submission", submissionId)
			.map((row) -> new Head(row.get("id", UUID.class), bytes(row.get("document_sha256")), bytes(row.get("cms")),
					check(row)))
			.one()
			.flatMap((head) -> this.db.sql("""
					select c.outcome, c.revocation_reason, c.revocation_method, e.sha256 as evidence_sha256,
					    c.checked_at, c.checked_by_name
					from submission_signature_check c left join revocation_evidence e on e.id = c.revocation_evidence_id
					where c.signature_id = :signature order by c.checked_at, c.created_at, c.id
					""")
				.bind("signature", head.id())
				.map((row) -> new StoredSignature.Check(Outcome.valueOf(row.get("outcome", String.class)),
						reason(row.get("revocation_reason", String.class)), row.get("revocation_method", String.class),
						nullableBytes(row.get("evidence_sha256")), head.check().certificate(),
						instant(row, "checked_at"), row.get("checked_by_name", String.class)))
				.all()
				.collectList()
				.map((later) -> new StoredSignature(head.id(), submissionId, head.documentSha256(), head.cms(),
						head.check(), later)));
	}

	/**
	 * Whether the submission's signature checked out at submission; empty when it was not
	 * signed. One small row, for the case screen.
	 */
	public Mono<Boolean> validAtSubmission(UUID submissionId) {
		return this.db.sql("select outcome from submission_signature where submission_id = :submission")
			.bind("submission", submissionId)
			.map((row) -> Outcome.VALID.name().equals(row.get("outcome", String.class)))
			.one();
	}

	/** The submission's receipt number, for headings. */
	public Mono<String> receiptNumber(UUID submissionId) {
		return this.db.sql("select receipt_number from submission where id = :id")
			.bind("id", submissionId)
			.map((row) -> row.get("receipt_number", String.class))
			.one();
	}

	/** The CRL or OCSP response a stored check relied on. */
	Mono<byte[]> evidence(byte[] sha256) {
		return this.db.sql("select der from revocation_evidence where sha256 = :sha")
			.bind("sha", ByteBuffer.wrap(sha256))
			.map((row) -> bytes(row.get("der")))
			.one();
	}

	/**
	 * Records a re-verification by a member of staff.
	 */
	public Mono<Void> insertReverification(UUID signatureId, SignatureCheck check, String staffSubject,
			String staffName) {
		return evidence(check).map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.flatMap((evidence) -> {
				DatabaseClient.GenericExecuteSpec insert = this.db.sql("""
						insert into submission_signature_check (id, signature_id, outcome, revocation_reason,
						    revocation_method, revocation_evidence_id, checked_by_subject, checked_by_name, checked_at)
						values (:id, :signature, :outcome, :reason, :method, :evidence, :subject, :name, :checkedAt)
						""")
					.bind("id", UUID.randomUUID())
					.bind("signature", signatureId)
					.bind("outcome", check.outcome().name())
					.bind("checkedAt", utc(check.checkedAt()));
				insert = bindText(insert, "subject", staffSubject);
				insert = bindText(insert, "name", staffName);
				insert = bindRevocation(insert, check, evidence.orElse(null));
				return insert.then();
			});
	}

	/** The signature row. */
	private record Head(UUID id, byte[] documentSha256, byte[] cms, StoredSignature.Check check) {
	}

	private static StoredSignature.Check check(Readable row) {
		CertificateDetails certificate = new CertificateDetails(row.get("certificate_subject", String.class),
				row.get("certificate_issuer", String.class), row.get("certificate_serial", String.class),
				instant(row, "certificate_not_before"), instant(row, "certificate_not_after"));
		return new StoredSignature.Check(Outcome.valueOf(row.get("outcome", String.class)),
				reason(row.get("revocation_reason", String.class)), row.get("revocation_method", String.class),
				nullableBytes(row.get("evidence_sha256")), certificate, instant(row, "checked_at"), null);
	}

	/** Stores the check's evidence once and answers its id; empty when it has none. */
	private Mono<UUID> evidence(SignatureCheck check) {
		if (check.revocationEvidence() == null || check.revocationMethod() == null) {
			return Mono.empty();
		}
		// a CRL can be large: hash it off the event loop, and send it to the database
		// only the first time (most submissions of a day rely on the same CRL)
		return Mono.fromCallable(() -> sha256(check.revocationEvidence()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((sha256) -> evidenceId(sha256)
				.switchIfEmpty(Mono.defer(() -> this.db.sql("""
						insert into revocation_evidence (id, sha256, kind, der) values (:id, :sha, :kind, :der)
						on conflict (sha256) do nothing returning id
						""")
					.bind("id", UUID.randomUUID())
					.bind("sha", ByteBuffer.wrap(sha256))
					.bind("kind", check.revocationMethod())
					.bind("der", ByteBuffer.wrap(check.revocationEvidence()))
					.map((row) -> row.get("id", UUID.class))
					.one()))
				// the same evidence committed by another submission meanwhile: not
				// returned by the insert, seen by a statement of its own
				.switchIfEmpty(Mono.defer(() -> evidenceId(sha256)))
				.switchIfEmpty(Mono.error(() -> new IllegalStateException("revocation evidence was not stored"))));
	}

	private Mono<UUID> evidenceId(byte[] sha256) {
		return this.db.sql("select id from revocation_evidence where sha256 = :sha")
			.bind("sha", ByteBuffer.wrap(sha256))
			.map((row) -> row.get("id", UUID.class))
			.one();
	}

	private static DatabaseClient.GenericExecuteSpec bindRevocation(DatabaseClient.GenericExecuteSpec insert,
			SignatureCheck check, UUID evidence) {
		insert = bindText(insert, "reason", check.revocationReason().map(Enum::name).orElse(null));
		insert = bindText(insert, "method", check.revocationMethod());
		return (evidence != null) ? insert.bind("evidence", evidence) : insert.bindNull("evidence", UUID.class);
	}

	private static DatabaseClient.GenericExecuteSpec bindText(DatabaseClient.GenericExecuteSpec spec, String name,
			String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	private static RevocationReason reason(String value) {
		return (value != null) ? RevocationReason.valueOf(value) : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static byte[] nullableBytes(Object value) {
		return (value != null) ? bytes(value) : null;
	}

	private static byte[] bytes(Object value) {
		if (value instanceof byte[] array) {
			return array;
		}
		if (value instanceof ByteBuffer buffer) {
			byte[] array = new byte[buffer.remaining()];
			buffer.duplicate().get(array);
			return array;
		}
		throw new IllegalStateException("unexpected bytea value");
	}

	static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
