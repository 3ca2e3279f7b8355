package jp.tenohira.portal.submission;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ServerWebExchange;

import jp.tenohira.portal.forms.Answers;
import jp.tenohira.portal.shared.Lang;

/**
 * マイページ for one submission: status, the city's correction request or decision, the
 * correction form with only the items staff named, and 取下げ. Login required (the URL rules
 * put {@code /mypage/**} behind a resident login); another resident's receipt number is
 * simply not found.
 */
@Controller
class ResidentCaseCitizenController {

	private final ResidentCaseService cases;

	private final ApplicantCookie applicants;

	private final FormViews views;

	ResidentCaseCitizenController(ResidentCaseService cases, ApplicantCookie applicants, FormViews views) {
		this.cases = cases;
		this.applicants = applicants;
		this.views = views;
	}

	@GetMapping("/mypage/submissions/{receipt}")
	Mono<String> show(@PathVariable String receipt, ServerWebExchange exchange, @AuthenticationPrincipal OidcUser user,
			Lang lang, Model model) {
		return this.cases.detail(receipt, this.applicants.current(exchange, user)).map((detail) -> {
			model.addAttribute("view", ResidentCaseView.of(detail, this.views.check(context(detail), lang), lang));
			model.addAttribute("resubmitted", exchange.getRequest().getQueryParams().containsKey("resubmitted"));
			model.addAttribute("withdrawn", exchange.getRequest().getQueryParams().containsKey("withdrawn"));
			return "application/case";
		});
	}

	@GetMapping("/mypage/submissions/{receipt}/correction")
	Mono<String> correction(@PathVariable String receipt, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		return this.cases.detail(receipt, this.applicants.current(exchange, user)).map((detail) -> {
			if (detail.correction() == null || detail.correctionPage().fields().isEmpty()) {
				return "redirect:/mypage/submissions/" + receipt;
			}
			return correctionForm(receipt, detail, detail.submission().answers(), List.of(), lang, model);
		});
	}

	@PostMapping("/mypage/submissions/{receipt}/correction")
	Mono<String> resubmit(@PathVariable String receipt, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		Applicant applicant = this.applicants.current(exchange, user);
		return PostedForm.read(exchange)
			.flatMap((posted) -> this.cases.resubmit(receipt, applicant, posted.answers()).flatMap((outcome) -> {
				if (outcome instanceof ResidentCaseService.ResubmitOutcome.Problems problems) {
					exchange.getResponse().setStatusCode(HttpStatus.UNPROCESSABLE_ENTITY);
					return this.cases.detail(receipt, applicant)
						.map((detail) -> correctionForm(receipt, detail, problems.entered(), problems.problems(), lang,
								model));
				}
				if (outcome instanceof ResidentCaseService.ResubmitOutcome.Resubmitted) {
					return Mono.just("redirect:/mypage/submissions/" + receipt + "?resubmitted");
				}
				return Mono.just("redirect:/mypage/submissions/" + receipt);
			}));
	}

	@PostMapping("/mypage/submissions/{receipt}/withdraw")
	Mono<String> withdraw(@PathVariable String receipt, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user) {
		return this.cases.withdraw(receipt, this.applicants.current(exchange, user))
			.map((done) -> "redirect:/mypage/submissions/" + receipt + (done ? "?withdrawn" : ""));
	}

	private String correctionForm(String receipt, ResidentCaseService.CaseDetail detail, Answers answers,
			List<jp.tenohira.portal.forms.FieldProblem> problems, Lang lang, Model model) {
		ApplicationService.DraftContext context = new ApplicationService.DraftContext(
				draft(detail.submission(), answers), detail.definition());
		PageView page = this.views.page(context, detail.correctionPage(), problems, null, null, false, lang)
			.withAction("/mypage/submissions/" + receipt + "/correction");
		model.addAttribute("view", page);
		model.addAttribute("message", detail.correction().message());
		model.addAttribute("receiptNumber", receipt);
		model.addAttribute("offlineFields", detail.offlineFields().stream().map((l) -> l.in(lang)).toList());
		return "application/correction";
	}

	private static ApplicationService.DraftContext context(ResidentCaseService.CaseDetail detail) {
		return new ApplicationService.DraftContext(draft(detail.submission(), detail.submission().answers()),
				detail.definition());
	}

	private static Draft draft(ResidentCaseService.Case found, Answers answers) {
		return new Draft(found.draftId(), found.procedureId(), found.definitionVersion(), answers, "", null, null,
				Draft.Status.SUBMITTED, found.submittedAt(), found.updatedAt());
	}

}
