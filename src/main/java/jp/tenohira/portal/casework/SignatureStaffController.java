package jp.tenohira.portal.casework;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import jp.tenohira.portal.identity.StaffMember;
import jp.tenohira.portal.shared.Lang;

/**
 * The signature page of a case: what was found when the resident signed, the certificate,
 * and a button that checks the signature again now (POST with the CSRF token, then back
 * to the page). Staff of other sections get 404, as on the case screen.
 */
@Controller
class SignatureStaffController {

	private final SignatureReview review;

	SignatureStaffController(SignatureReview review) {
		this.review = review;
	}

	@GetMapping("/staff/submissions/{id}/signature")
	@PreAuthorize("hasRole('STAFF')")
	public Mono<String> signature(@PathVariable UUID id, @RequestParam(name = "done", required = false) String done,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		StaffMember staff = CaseworkStaffController.staff(user, model);
		return this.review.view(id, staff, lang, "reverify".equals(done)).map((view) -> {
			model.addAttribute("view", view);
			return "staff/signature";
		});
	}

	@PostMapping("/staff/submissions/{id}/signature/reverify")
	@PreAuthorize("hasAnyRole('CLERK', 'APPROVER')")
	public Mono<String> reverify(@PathVariable UUID id, @AuthenticationPrincipal OidcUser user, Model model) {
		StaffMember staff = CaseworkStaffController.staff(user, model);
		return this.review.reverify(id, staff)
			.thenReturn("redirect:/staff/submissions/" + id + "/signature?done=reverify");
	}

	/** Not found rendered as a view, like the case screen does (see its controller). */
	@ExceptionHandler(ResponseStatusException.class)
	String notFound(ResponseStatusException ex, ServerWebExchange exchange) {
		if (ex.getStatusCode().value() != HttpStatus.NOT_FOUND.value()) {
			throw ex;
		}
		exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
		return "error/404";
	}

}
