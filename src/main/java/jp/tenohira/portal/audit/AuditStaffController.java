package jp.tenohira.portal.audit;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import jp.tenohira.portal.identity.StaffMember;
import jp.tenohira.portal.shared.Lang;

/**
 * The auditor's screen: search the audit trail by actor, action, target (receipt number
 * or id), section, outcome and dates, newest first, fifty at a time.
 */
@Controller
class AuditStaffController {

	private final AuditSearch search;

	AuditStaffController(AuditSearch search) {
		this.search = search;
	}

	@GetMapping("/staff/audit")
	@PreAuthorize("hasRole('AUDITOR')")
	public Mono<String> search(@RequestParam(name = "actor", required = false) String actor,
			@RequestParam(name = "action", required = false) String action,
			@RequestParam(name = "target", required = false) String target,
			@RequestParam(name = "section", required = false) String section,
			@RequestParam(name = "outcome", required = false) String outcome,
			@RequestParam(name = "from", required = false) String from,
			@RequestParam(name = "to", required = false) String to,
			@RequestParam(name = "after", required = false) String after, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		StaffMember staff = StaffMember.of(user);
		if (staff == null) {
			return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN));
		}
		model.addAttribute("staffMember", staff);
		return this.search
			.search(new AuditSearch.Query(actor, action, target, section, outcome, from, to, after), staff, lang)
			.map((view) -> {
				model.addAttribute("view", view);
				return "audit/search";
			});
	}

}
