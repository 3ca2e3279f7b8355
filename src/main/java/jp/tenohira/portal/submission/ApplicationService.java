package jp.tenohira.portal.submission;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import jp.tenohira.portal.forms.AnswerValidator;
import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.forms.AssuranceLevel;
import jp.tenohira.portal.forms.DefinitionVersions;
import jp.tenohira.portal.forms.FieldDefinition;
import jp.tenohira.portal.forms.FieldDefinition.FileField;
import jp.tenohira.portal.forms.FieldDefinition.FileKind;
import jp.tenohira.portal.forms.FieldDefinition.GroupField;
import jp.tenohira.portal.forms.FieldType;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.forms.PostalCodeDirectory;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.mynumber.MyNumberProtector;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.JapaneseText;
import jp.tenohira.portal.shared.Lang;

/**
 * The resident's application, step by step: start a draft, save each page (including
 * uploads, repeatable items and postal code look-ups), and submit exactly once with a
 * receipt number and an outbox entry in one transaction.
 */
@Service
public class ApplicationService {

	static final String SUBMISSION_RECEIVED = "submission.received";

	private final DraftQueries drafts;

	private final SubmissionQueries submissions;

	private final FormRegistry registry;

	private final DefinitionVersions versions;

	private final PostalCodeDirectory postalCodes;

	private final TransactionalOperator transaction;

	private final Clock clock;

	private final MyNumberProtector myNumbers;

	ApplicationService(DraftQueries drafts, SubmissionQueries submissions, FormRegistry registry,
			DefinitionVersions versions, PostalCodeDirectory postalCodes, TransactionalOperator transaction,
			Clock clock, MyNumberProtector myNumbers) {
		this.drafts = drafts;
		this.submissions = submissions;
		this.registry = registry;
		this.versions = versions;
		this.postalCodes = postalCodes;
		this.transaction = transaction;
		this.clock = clock;
		this.myNumbers = myNumbers;
	}

	/** A draft and the definition version it was started under. */
	/**
	 * A draft and the definition version it was started under, opened by this applicant
	 * (whose card facts fill the card fields).
	 */
	public record DraftContext(Draft draft, ProcedureDefinition definition, Applicant applicant) {

		public DraftContext(Draft draft, ProcedureDefinition definition) {
			this(draft, definition, null);
		}

	}

	/**
	 * What a page submission asks for besides saving: go on, go back, add or remove an
	 * item, look up an address.
	 */
	public sealed interface PageAction {

		/** Validate and go to the next page (or back to the check page). */
		record Next() implements PageAction {
		}

		/** Save without validating and go to the previous page. */
		record Back() implements PageAction {
		}

		/** Add an empty item to a repeatable group. */
		record AddItem(String groupId) implements PageAction {
		}

		/** Remove one item of a repeatable group. */
		record RemoveItem(String groupId, int index) implements PageAction {
		}

		/** Fill in the address for the postal code typed. */
		record LookupAddress(String fieldId) implements PageAction {
		}

		/** Remove an uploaded file. */
		record RemoveFile(String fieldId) implements PageAction {
		}

	}

	/** Where the resident goes after saving a page. */
	public sealed interface PageOutcome {

		/**
		 * Show this page again (after an item was added, an address looked up or a
		 * problem found).
		 */
		record Stay(boolean showProblems) implements PageOutcome {
		}

		/** Go to this page. */
		record GoTo(String pageId) implements PageOutcome {
		}

		/** Go to the check-your-answers page. */
		record Check() implements PageOutcome {
		}

		/** Go back to the procedure's page (back from the first page). */
		record Leave() implements PageOutcome {
		}

		/** The draft was submitted meanwhile (another tab): show the receipt. */
		record AlreadySubmitted() implements PageOutcome {
		}

	}

	/** Result of submitting: a receipt, or the first page that still has problems. */
	public sealed interface SubmitOutcome {

		/** Submitted (now or earlier): the same receipt every time. */
		record Submitted(Receipt receipt) implements SubmitOutcome {
		}

		/** Not ready: this page needs attention. */
		record NotReady(String pageId) implements SubmitOutcome {
		}

		/**
		 * The procedure needs the resident's signature with the My Number card, which
		 * this submit did not carry.
		 */
		record NeedsSignature() implements SubmitOutcome {
		}

		/**
		 * What was signed is no longer what the draft holds (changed in another tab
		 * meanwhile).
		 */
		record SignedSomethingElse() implements SubmitOutcome {
		}

	}

	/** Why an upload was refused; each has a message for the resident. */
	public enum UploadProblem {

		TOO_LARGE, WRONG_TYPE, EMPTY

	}

	public Mono<DraftContext> start(String procedureId, Applicant applicant) {
		ProcedureDefinition definition = this.registry.find(procedureId)
			.filter(ProcedureDefinition::online)
			.orElseThrow(ApplicationNotFoundException::new);
		if (!applicant.mayFillIn(definition.assurance())) {
			return Mono.error(new LoginRequiredException(procedureId, definition.assurance()));
		}
		Instant now = this.clock.instant();
		Draft draft = new Draft(UUID.randomUUID(), definition.id(), definition.version(),
				CardAnswers.fill(definition, Answers.empty(), applicant), applicant.tokenHash(), applicant.issuer(),
				applicant.subject(), Draft.Status.OPEN, now, now);
		return this.drafts.insert(draft).thenReturn(new DraftContext(draft, definition, applicant));
	}

	/**
	 * The applicant's own draft with its definition; anything else is "not found". The
	 * procedure's assurance level is checked first, so a resident whose login is not
	 * strong enough (or has timed out) is sent to log in at that level and comes back to
	 * the same page, where ownership is then checked against the new login.
	 */
	public Mono<DraftContext> open(UUID draftId, Applicant applicant) {
		return this.drafts.find(draftId)
			.switchIfEmpty(Mono.error(ApplicationNotFoundException::new))
			.flatMap((draft) -> this.versions.resolve(draft.procedureId(), draft.definitionVersion())
				.map((definition) -> new DraftContext(draft, definition)))
			.flatMap((context) -> {
				if (!applicant.mayFillIn(context.definition().assurance())) {
					return Mono
						.error(new LoginRequiredException(context.definition().id(), context.definition().assurance()));
				}
				if (!applicant.owns(context.draft())) {
					return Mono.error(new ApplicationNotFoundException());
				}
				// the card fields show what this login's card says
				Draft draft = context.draft();
				return Mono.just(new DraftContext(draft.isOpen()
						? draft.withAnswers(CardAnswers.fill(context.definition(), draft.answers(), applicant)) : draft,
						context.definition(), applicant));
			});
	}

	/**
	 * Saves the page's answers whatever they are (nothing typed is lost), then works out
	 * where to go.
	 */
	public Mono<PageOutcome> savePage(DraftContext context, Page page, Answers posted, PageAction action,
			boolean returnToCheck) {
		ProcedureDefinition definition = context.definition();
		// My Numbers are encrypted to the staff side's key (or refused) before
		// anything is stored; an empty input keeps the number stored before.
		Answers accepted = this.myNumbers.protect(page, AnswerValidator.accepted(page, posted),
				context.draft().answers());
		// Read, change and write the answers with the draft row locked, so two tabs (or
		// an upload and a save) never
		// overwrite each other, and nothing changes once the draft is submitted.
		Mono<PageOutcome> save = this.drafts.lockOpen(context.draft().id()).flatMap((fresh) -> {
			Answers answers = fresh.answers()
				.replaceFields(page.fieldIds(), keepFiles(page, fresh.answers(), accepted));
			answers = AnswerValidator.normalize(page, answers);
			answers = apply(action, page, answers);
			if (context.applicant() != null) {
				answers = CardAnswers.fill(definition, answers, context.applicant());
			}
			Answers saved = answers;
			Mono<Long> removeFile = (action instanceof PageAction.RemoveFile remove
					&& isFileField(page, remove.fieldId())) ? this.drafts.deleteAttachment(fresh.id(), remove.fieldId())
							: Mono.just(0L);
			return removeFile.then(this.drafts.updateAnswers(fresh.id(), saved, this.clock.instant()))
				.thenReturn(outcome(definition, page, action, returnToCheck, fresh.answers(), saved));
		}).switchIfEmpty(Mono.fromSupplier(PageOutcome.AlreadySubmitted::new));
		return this.transaction.transactional(save);
	}

	private PageOutcome outcome(ProcedureDefinition definition, Page page, PageAction action, boolean returnToCheck,
			Answers before, Answers saved) {
		if (action instanceof PageAction.Back) {
			return FormFlow.previous(definition, saved, page.id())
				.<PageOutcome>map((p) -> new PageOutcome.GoTo(p.id()))
				.orElse(new PageOutcome.Leave());
		}
		if (!(action instanceof PageAction.Next)) {
			return new PageOutcome.Stay(false);
		}
		if (revealsNewFields(definition, page, before, saved)) {
			return new PageOutcome.Stay(false);
		}
		if (!FormFlow.problems(definition, page, saved, today()).isEmpty()) {
			return new PageOutcome.Stay(true);
		}
		if (returnToCheck) {
			return new PageOutcome.Check();
		}
		return FormFlow.next(definition, saved, page.id())
			.<PageOutcome>map((p) -> new PageOutcome.GoTo(p.id()))
			.orElse(new PageOutcome.Check());
	}

	private static boolean isFileField(Page page, String fieldId) {
		return page.fields().stream().anyMatch((f) -> f instanceof FileField && f.id().equals(fieldId));
	}

	/**
	 * Without JavaScript a field that depends on an answer on the same page appears only
	 * after the page is posted; show the page again so the resident sees the new question
	 * before being told it is missing.
	 */
	private static boolean revealsNewFields(ProcedureDefinition definition, Page page, Answers before, Answers after) {
		List<String> shownBefore = page.visibleFields(definition.visibleAnswers(before))
			.stream()
			.map(FieldDefinition::id)
			.toList();
		return page.visibleFields(definition.visibleAnswers(after))
			.stream()
			.anyMatch((f) -> !shownBefore.contains(f.id()));
	}

	/**
	 * Stores an uploaded file after checking its size and kind by content; a refused file
	 * changes nothing.
	 */
	public Mono<Optional<UploadProblem>> saveUpload(DraftContext context, FileField field, String fileName,
			byte[] content) {
		Optional<UploadProblem> problem = checkUpload(field, content);
		if (problem.isPresent()) {
			return Mono.just(problem);
		}
		FileKind kind = field.accept().stream().filter((k) -> k.matches(content)).findFirst().orElseThrow();
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		// With the draft locked and still open: a submit in another tab wins, and the
		// file is then not stored.
		return this.transaction.transactional(this.drafts.lockOpen(context.draft().id()).flatMap((fresh) -> {
			Answers answers = fresh.answers()
				.with(field.id(), List.of(id.toString()))
				.with(field.id() + ".name", List.of(safeFileName(fileName)))
				.with(field.id() + ".size", List.of(String.valueOf(content.length)));
			return this.drafts
				.saveAttachment(id, fresh.id(), field.id(), safeFileName(fileName), kind.mediaType(), content,
						sha256(content), now)
				.then(this.drafts.updateAnswers(fresh.id(), answers, now));
		})).thenReturn(Optional.empty());
	}

	static Optional<UploadProblem> checkUpload(FileField field, byte[] content) {
		if (content.length == 0) {
			return Optional.of(UploadProblem.EMPTY);
		}
		if (content.length > field.maxSizeKb() * 1024L) {
			return Optional.of(UploadProblem.TOO_LARGE);
		}
		if (field.accept().stream().noneMatch((k) -> k.matches(content))) {
			return Optional.of(UploadProblem.WRONG_TYPE);
		}
		return Optional.empty();
	}

	/**
	 * Submits once: repeated or concurrent calls for the same draft all return the same
	 * receipt. A procedure that needs a signature is only submitted by
	 * {@link #submitSigned}.
	 */
	public Mono<SubmitOutcome> submit(UUID draftId, Applicant applicant, Lang lang) {
		return submit(draftId, applicant, lang, null);
	}

	/**
	 * Submits a draft the resident has signed: inside the submit transaction, with the
	 * draft locked, the document is built again and must be exactly what was signed; the
	 * verified signature is stored with the submission by {@code store}.
	 */
	public Mono<SubmitOutcome> submitSigned(UUID draftId, Applicant applicant, Lang lang, byte[] signedSha256,
			Function<UUID, Mono<Void>> store) {
		return submit(draftId, applicant, lang, new Signature(signedSha256, store));
	}

	private Mono<SubmitOutcome> submit(UUID draftId, Applicant applicant, Lang lang, Signature signature) {
		return open(draftId, applicant).flatMap((context) -> this.submissions.findByDraft(draftId)
			.<SubmitOutcome>map(SubmitOutcome.Submitted::new)
			.switchIfEmpty(Mono.defer(() -> this.transaction.transactional(this.drafts.lockOpen(draftId)
				.flatMap((locked) -> submitLocked(context.definition(), locked, applicant, lang, signature))
				.switchIfEmpty(
						Mono.defer(() -> this.submissions.findByDraft(draftId).map(SubmitOutcome.Submitted::new)))))));
	}

	/** A verified signature waiting to be stored with the submission. */
	private record Signature(byte[] sha256, Function<UUID, Mono<Void>> store) {
	}

	/**
	 * The first page of an opened draft (card fields filled in) that still has problems,
	 * if any.
	 */
	public Optional<String> firstPageWithProblems(DraftContext context) {
		return FormFlow.firstPageWithProblems(context.definition(), context.draft().answers(), today()).map(Page::id);
	}

	/**
	 * The bytes the resident signs for an opened draft (card fields filled in) as it is
	 * stored now: the answers that count and the digests of the attached files.
	 */
	public Mono<SignedDocument> document(DraftContext context) {
		return document(context.definition(), context.draft());
	}

	private Mono<SignedDocument> document(ProcedureDefinition definition, Draft draft) {
		Answers answers = definition.visibleAnswers(draft.answers());
		return this.drafts.attachmentDigests(draft.id())
			.map((digests) -> SignedDocument.of(definition.id(), definition.version(), answers, digests));
	}

	/**
	 * Inside the transaction, with the draft row locked: validate what is stored now,
	 * then write everything.
	 */
	private Mono<SubmitOutcome> submitLocked(ProcedureDefinition definition, Draft stored, Applicant applicant,
			Lang lang, Signature signature) {
		// the card's facts are the card's, whatever the draft holds (S3)
		Draft draft = stored.withAnswers(CardAnswers.fill(definition, stored.answers(), applicant));
		Optional<Page> notReady = FormFlow.firstPageWithProblems(definition, draft.answers(), today());
		if (notReady.isPresent()) {
			return Mono.just(new SubmitOutcome.NotReady(notReady.get().id()));
		}
		if (definition.assurance() == AssuranceLevel.JPKI_SIGN) {
			if (signature == null) {
				return Mono.just(new SubmitOutcome.NeedsSignature());
			}
			return document(definition, draft).flatMap((document) -> document.sameAs(signature.sha256())
					? write(definition, draft, lang, signature) : Mono.just(new SubmitOutcome.SignedSomethingElse()));
		}
		return write(definition, draft, lang, null);
	}

	private Mono<SubmitOutcome> write(ProcedureDefinition definition, Draft draft, Lang lang, Signature signature) {
		Answers answers = definition.visibleAnswers(draft.answers());
		String section = definition.routing().route(answers);
		Instant now = this.clock.instant();
		int year = LocalDate.ofInstant(now, CityTime.ZONE).getYear();
		SubmissionQueries.Facts facts = facts(definition, answers, lang);
		return this.submissions.insertOnce(UUID.randomUUID(), draft, answers, section, facts, year, now)
			.flatMap((receipt) -> this.drafts.markSubmitted(draft.id(), now)
				.then(this.submissions.insertRevision(receipt.submissionId(), 1, answers, now))
				.then((signature != null) ? signature.store().apply(receipt.submissionId()) : Mono.empty())
				.then(this.submissions.insertOutbox(SUBMISSION_RECEIVED, receipt.submissionId(), outboxPayload(receipt),
						now))
				.then((facts.notifyEmail() != null)
						? this.submissions.insertMail(SubmissionWorkflow.MAIL_RECEIPT, receipt.submissionId(), now)
						: Mono.empty())
				.thenReturn(receipt))
			.switchIfEmpty(Mono.defer(() -> this.submissions.findByDraft(draft.id())))
			.map(SubmitOutcome.Submitted::new);
	}

	/**
	 * The applicant's name in kana (for staff search) and the address to notify: the
	 * first name and e-mail fields that were answered.
	 */
	static SubmissionQueries.Facts facts(ProcedureDefinition definition, Answers answers, Lang lang) {
		String kana = null;
		String email = null;
		for (FieldDefinition field : definition.allFields()) {
			if (kana == null && field.type() == FieldType.NAME) {
				String key = JapaneseText
					.kanaKey(answers.first(field.id() + ".family-kana") + answers.first(field.id() + ".given-kana"));
				kana = key.isEmpty() ? null : key;
			}
			if (email == null && field.type() == FieldType.EMAIL && answers.isAnswered(field.id())) {
				email = answers.first(field.id());
			}
		}
		String code = switch (lang) {
			case EN -> "en";
			case EASY -> "easy";
			default -> "ja";
		};
		return new SubmissionQueries.Facts(kana, email, code);
	}

	/** The receipt of the applicant's submitted draft. */
	public Mono<Receipt> receipt(UUID draftId, Applicant applicant) {
		return open(draftId, applicant).flatMap((context) -> this.submissions.findByDraft(draftId))
			.switchIfEmpty(Mono.error(ApplicationNotFoundException::new));
	}

	/** A logged-in resident's open drafts and submissions, newest first. */
	public Mono<MyApplications> myApplications(Applicant applicant) {
		if (!applicant.isLoggedIn()) {
			return Mono.just(new MyApplications(List.of(), List.of()));
		}
		Flux<Draft> drafts = this.drafts.openDraftsOf(applicant.issuer(), applicant.subject());
		Flux<Receipt> submitted = this.submissions.submissionsOf(applicant.issuer(), applicant.subject());
		return Mono.zip(drafts.collectList(), submitted.collectList())
			.map((t) -> new MyApplications(t.getT1(), t.getT2()));
	}

	/** What マイページ lists. */
	public record MyApplications(List<Draft> drafts, List<Receipt> submissions) {
	}

	LocalDate today() {
		return LocalDate.now(this.clock.withZone(CityTime.ZONE));
	}

	/**
	 * Uploaded files are saved by {@link #saveUpload}; a page post keeps their answers as
	 * they are.
	 */
	private static Answers keepFiles(Page page, Answers stored, Answers posted) {
		Answers result = posted;
		for (FieldDefinition field : page.fields()) {
			if (field instanceof FileField) {
				for (String key : List.of(field.id(), field.id() + ".name", field.id() + ".size")) {
					result = result.with(key, stored.all(key));
				}
			}
		}
		return result;
	}

	private Answers apply(PageAction action, Page page, Answers answers) {
		if (action instanceof PageAction.AddItem add) {
			GroupField group = group(page, add.groupId());
			int size = Math.max(answers.groupSize(group.id()), 1);
			return (size < group.maxItems()) ? answers
				.with(group.id() + "[" + size + "]." + group.fields().get(0).id() + firstPart(group), List.of(""))
					: answers;
		}
		if (action instanceof PageAction.RemoveItem remove) {
			return removeItem(answers, group(page, remove.groupId()), remove.index());
		}
		if (action instanceof PageAction.LookupAddress lookup && page.fieldIds().contains(lookup.fieldId())) {
			String postal = answers.first(lookup.fieldId() + ".postal-code");
			return this.postalCodes.find(postal)
				.map((address) -> answers.with(lookup.fieldId() + ".line1", List.of(address)))
				.orElse(answers);
		}
		if (action instanceof PageAction.RemoveFile removeFile && isFileField(page, removeFile.fieldId())) {
			return answers.replaceFields(List.of(removeFile.fieldId()), Answers.empty());
		}
		return answers;
	}

	private static String firstPart(GroupField group) {
		List<String> parts = group.fields().get(0).parts();
		return parts.isEmpty() ? "" : "." + parts.get(0);
	}

	private static GroupField group(Page page, String groupId) {
		return page.fields()
			.stream()
			.filter((f) -> f instanceof GroupField && f.id().equals(groupId))
			.map(GroupField.class::cast)
			.findFirst()
			.orElseThrow(ApplicationNotFoundException::new);
	}

	private static Answers removeItem(Answers answers, GroupField group, int index) {
		int size = answers.groupSize(group.id());
		Map<String, List<String>> values = new LinkedHashMap<>();
		answers.values().forEach((key, value) -> {
			if (!key.startsWith(group.id() + "[")) {
				values.put(key, value);
			}
		});
		int target = 0;
		for (int i = 0; i < size; i++) {
			if (i == index) {
				continue;
			}
			String from = group.id() + "[" + i + "].";
			String to = group.id() + "[" + target + "].";
			for (Map.Entry<String, List<String>> entry : answers.values().entrySet()) {
				if (entry.getKey().startsWith(from)) {
					values.put(to + entry.getKey().substring(from.length()), entry.getValue());
				}
			}
			target++;
		}
		return new Answers(values);
	}

	private static Map<String, Object> outboxPayload(Receipt receipt) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("submissionId", receipt.submissionId().toString());
		payload.put("receiptNumber", receipt.receiptNumber());
		payload.put("procedureId", receipt.procedureId());
		payload.put("sectionId", receipt.sectionId());
		return payload;
	}

	/**
	 * A file name safe to show and to send back in a header: no paths, no control
	 * characters, bounded.
	 */
	static String safeFileName(String fileName) {
		String name = (fileName != null) ? fileName : "";
		name = name.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1);
		name = name.replaceAll("[\\p{Cc}\"<>:|?*]", "_").strip();
		if (name.isEmpty() || name.equals(".") || name.equals("..")) {
			name = "file";
		}
		return (name.length() > 100) ? name.substring(name.length() - 100) : name;
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The key a browser presents, stored only as a hash. */
	static String hashToken(String token) {
		return sha256(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
	}

}
