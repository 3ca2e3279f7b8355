package jp.tenohira.portal.submission;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import jp.tenohira.portal.shared.Lang;

/**
 * The signature step of {@code jpki-sign} procedures: from the check page to the
 * デジタル認証アプリ and back. Failures return to the check page with a problem code; the draft is
 * untouched.
 */
@Controller
class SigningCitizenController {

	static final String CALLBACK = "/applications/sign/callback";

	private final SigningService signing;

	private final ApplicantCookie applicants;

	SigningCitizenController(SigningService signing, ApplicantCookie applicants) {
		this.signing = signing;
		this.applicants = applicants;
	}

	@PostMapping("/applications/{draftId}/sign")
	Mono<String> sign(@PathVariable UUID draftId, ServerWebExchange exchange, @AuthenticationPrincipal OidcUser user) {
		String callback = UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
			.replacePath(CALLBACK)
			.replaceQuery(null)
			.fragment(null)
			.toUriString();
		return this.signing.start(draftId, this.applicants.current(exchange, user), callback).map((start) -> {
			if (start instanceof SigningService.Start.ToApp toApp) {
				return "redirect:" + toApp.authorizationUri();
			}
			if (start instanceof SigningService.Start.NotReady notReady) {
				return "redirect:/applications/" + draftId + "/pages/" + notReady.pageId()
						+ "?validate=true&return=check";
			}
			return "redirect:/applications/" + draftId + "/check?signError="
					+ ((SigningService.Start.Failed) start).problem().code();
		});
	}

	@GetMapping(CALLBACK)
	Mono<String> callback(@RequestParam(name = "state", required = false) String state,
			@RequestParam(name = "code", required = false) String code,
			@RequestParam(name = "error", required = false) String error, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang) {
		return this.signing.complete(state, code, error, this.applicants.current(exchange, user), lang)
			.map((outcome) -> {
				if (outcome instanceof SigningService.Outcome.Submitted submitted) {
					return "redirect:/applications/" + submitted.draftId() + "/receipt";
				}
				if (outcome instanceof SigningService.Outcome.NotReady notReady) {
					return "redirect:/applications/" + notReady.draftId() + "/pages/" + notReady.pageId()
							+ "?validate=true&return=check";
				}
				SigningService.Outcome.Failed failed = (SigningService.Outcome.Failed) outcome;
				return "redirect:/applications/" + failed.draftId() + "/check?signError=" + failed.problem().code();
			});
	}

}
