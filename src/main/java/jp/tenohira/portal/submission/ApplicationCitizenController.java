package jp.tenohira.portal.submission;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;

import jp.tenohira.portal.forms.AssuranceLevel;
import jp.tenohira.portal.forms.FieldDefinition.FileField;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.Page;
import jp.tenohira.portal.jpki.CardProblem;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.submission.ApplicationService.DraftContext;
import jp.tenohira.portal.submission.ApplicationService.PageOutcome;
import jp.tenohira.portal.submission.ApplicationService.SubmitOutcome;
import jp.tenohira.portal.submission.ApplicationService.UploadProblem;

/**
 * The resident's form flow: start, one page at a time (Post/Redirect/Get), check answers,
 * submit, receipt, and マイページ.
 */
@Controller
class ApplicationCitizenController {

	private final ApplicationService applications;

	private final ApplicantCookie applicants;

	private final FormViews views;

	private final FormRegistry registry;

	private final ResidentCaseService cases;

	ApplicationCitizenController(ApplicationService applications, ApplicantCookie applicants, FormViews views,
			FormRegistry registry, ResidentCaseService cases) {
		this.cases = cases;
		this.applications = applications;
		this.applicants = applicants;
		this.views = views;
		this.registry = registry;
	}

	@PostMapping("/procedures/{id}/apply")
	Mono<String> start(@PathVariable String id, ServerWebExchange exchange, @AuthenticationPrincipal OidcUser user) {
		return this.applications.start(id, this.applicants.currentOrIssue(exchange, user))
			.map((context) -> redirectToPage(context.draft().id(), context.definition().pages().get(0).id(), false));
	}

	@GetMapping("/applications/{draftId}/pages/{pageId}")
	Mono<String> page(@PathVariable UUID draftId, @PathVariable String pageId,
			@RequestParam(name = "validate", defaultValue = "false") boolean validate,
			@RequestParam(name = "return", required = false) String returnTo,
			@RequestParam(name = "fileError", required = false) String fileError, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		return this.applications.open(draftId, this.applicants.current(exchange, user)).map((context) -> {
			if (!context.draft().isOpen()) {
				return "redirect:/applications/" + draftId + "/receipt";
			}
			Page page = context.definition().page(pageId).orElseThrow(ApplicationNotFoundException::new);
			FileErrorParam upload = FileErrorParam.parse(fileError, page);
			var problems = validate ? FormFlow.problems(context.definition(), page, context.draft().answers(),
					this.applications.today()) : List.<jp.tenohira.portal.forms.FieldProblem>of();
			model.addAttribute("view", this.views.page(context, page, problems, upload.fieldId(), upload.problem(),
					"check".equals(returnTo), lang));
			return "application/page";
		});
	}

	@PostMapping("/applications/{draftId}/pages/{pageId}")
	Mono<String> save(@PathVariable UUID draftId, @PathVariable String pageId,
			@RequestParam(name = "return", required = false) String returnTo, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user) {
		Applicant applicant = this.applicants.current(exchange, user);
		boolean returnToCheck = "check".equals(returnTo);
		return Mono.zip(this.applications.open(draftId, applicant), PostedForm.read(exchange)).flatMap((t) -> {
			DraftContext context = t.getT1();
			PostedForm posted = t.getT2();
			Page page = context.definition().page(pageId).orElseThrow(ApplicationNotFoundException::new);
			// savePage re-reads the draft under a row lock, so it sees the files just
			// stored.
			return uploads(context, page, posted).flatMap((uploadProblem) -> this.applications
				.savePage(context, page, posted.answers(), posted.action(), returnToCheck)
				.map((outcome) -> redirect(draftId, page, outcome, uploadProblem, returnToCheck)));
		});
	}

	/**
	 * Stores the page's uploaded files; the first refusal is reported back on the page.
	 */
	private Mono<Optional<FileErrorParam>> uploads(DraftContext context, Page page, PostedForm posted) {
		return Flux.fromIterable(page.fields())
			.filter((f) -> f instanceof FileField)
			.map(FileField.class::cast)
			.filter((f) -> posted.files().containsKey(f.id()))
			.concatMap((field) -> posted.read(field.id(), field.maxSizeKb() * 1024)
				.flatMap((file) -> (file.tooLarge()) ? Mono.just(Optional.of(UploadProblem.TOO_LARGE))
						: this.applications.saveUpload(context, field, file.name(), file.content()))
				.filter(Optional::isPresent)
				.map((problem) -> new FileErrorParam(field.id(), problem.get())))
			.next()
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
	}

	private static String redirect(UUID draftId, Page page, PageOutcome outcome, Optional<FileErrorParam> upload,
			boolean returnToCheck) {
		if (upload.isPresent()) {
			return "redirect:/applications/" + draftId + "/pages/" + page.id() + "?fileError=" + upload.get().format()
					+ (returnToCheck ? "&return=check" : "");
		}
		if (outcome instanceof PageOutcome.GoTo goTo) {
			return redirectToPage(draftId, goTo.pageId(), returnToCheck);
		}
		if (outcome instanceof PageOutcome.AlreadySubmitted) {
			return "redirect:/applications/" + draftId + "/receipt";
		}
		if (outcome instanceof PageOutcome.Check) {
			return "redirect:/applications/" + draftId + "/check";
		}
		if (outcome instanceof PageOutcome.Stay stay) {
			String query = (stay.showProblems() ? "validate=true" : "")
					+ (returnToCheck ? (stay.showProblems() ? "&" : "") + "return=check" : "");
			return "redirect:/applications/" + draftId + "/pages/" + page.id() + (query.isEmpty() ? "" : "?" + query)
					+ (stay.showProblems() ? "#error-summary" : "#main");
		}
		return "redirect:/applications/" + draftId + "/leave";
	}

	@GetMapping("/applications/{draftId}/leave")
	Mono<String> leave(@PathVariable UUID draftId, ServerWebExchange exchange, @AuthenticationPrincipal OidcUser user) {
		return this.applications.open(draftId, this.applicants.current(exchange, user))
			.map((context) -> "redirect:/procedures/" + context.definition().id());
	}

	@GetMapping("/applications/{draftId}/check")
	Mono<String> check(@PathVariable UUID draftId, @RequestParam(name = "signError", required = false) String signError,
			ServerWebExchange exchange, @AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		return this.applications.open(draftId, this.applicants.current(exchange, user)).map((context) -> {
			if (!context.draft().isOpen()) {
				return "redirect:/applications/" + draftId + "/receipt";
			}
			model.addAttribute("view", this.views.check(context, lang));
			model.addAttribute("signs", context.definition().assurance() == AssuranceLevel.JPKI_SIGN);
			CardProblem.fromCode(signError).ifPresent((problem) -> model.addAttribute("signProblem", problem.code()));
			return "application/check";
		});
	}

	@PostMapping("/applications/{draftId}/submit")
	Mono<String> submit(@PathVariable UUID draftId, ServerWebExchange exchange, @AuthenticationPrincipal OidcUser user,
			Lang lang) {
		return this.applications.submit(draftId, this.applicants.current(exchange, user), lang).map((outcome) -> {
			if (outcome instanceof SubmitOutcome.NotReady notReady) {
				return "redirect:/applications/" + draftId + "/pages/" + notReady.pageId()
						+ "?validate=true&return=check";
			}
			if (outcome instanceof SubmitOutcome.NeedsSignature) {
				return "redirect:/applications/" + draftId + "/check";
			}
			return "redirect:/applications/" + draftId + "/receipt";
		});
	}

	@GetMapping("/applications/{draftId}/receipt")
	Mono<String> receipt(@PathVariable UUID draftId, ServerWebExchange exchange, @AuthenticationPrincipal OidcUser user,
			Lang lang, Model model) {
		return this.applications.receipt(draftId, this.applicants.current(exchange, user)).map((receipt) -> {
			model.addAttribute("view", ReceiptView.of(receipt, this.registry, lang));
			return "application/receipt";
		});
	}

	@GetMapping("/mypage")
	Mono<String> myPage(ServerWebExchange exchange, @AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		Applicant applicant = this.applicants.current(exchange, user);
		return Mono.zip(this.applications.myApplications(applicant),
				applicant.isLoggedIn() ? this.cases.casesOf(applicant.issuer(), applicant.subject()).collectList()
						: Mono.just(List.<ResidentCaseService.Case>of()))
			.map((t) -> {
				model.addAttribute("view", MyPageView.of(t.getT1(), t.getT2(), this.registry, lang));
				return "application/mypage";
			});
	}

	private static String redirectToPage(UUID draftId, String pageId, boolean returnToCheck) {
		return "redirect:/applications/" + draftId + "/pages/" + pageId + (returnToCheck ? "?return=check" : "");
	}

	/**
	 * An upload refusal carried through the redirect as {@code field:problem} (no
	 * personal data).
	 */
	record FileErrorParam(String fieldId, UploadProblem problem) {

		static FileErrorParam parse(String value, Page page) {
			if (value == null || !value.contains(":")) {
				return new FileErrorParam(null, null);
			}
			String field = value.substring(0, value.indexOf(':'));
			String code = value.substring(value.indexOf(':') + 1).toUpperCase(Locale.ROOT).replace('-', '_');
			boolean known = page.fieldIds().contains(field)
					&& java.util.Arrays.stream(UploadProblem.values()).anyMatch((p) -> p.name().equals(code));
			return known ? new FileErrorParam(field, UploadProblem.valueOf(code)) : new FileErrorParam(null, null);
		}

		String format() {
			return this.fieldId + ":" + this.problem.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
