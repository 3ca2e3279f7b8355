package jp.tenohira.portal.identity;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jp.tenohira.portal.jpki.CardProblem;
import jp.tenohira.portal.jpki.JpkiProperties;

/**
 * Where a failed or cancelled login lands: an explanation in plain words (for the My
 * Number card: which PIN, what to do about a lock, a card that was not read, an expired
 * certificate) and a way to try again, never a stack trace. The way back to the draft is
 * kept in the login cookie, so trying again returns there.
 */
@Controller
class LoginCitizenController {

	private final JpkiProperties jpki;

	LoginCitizenController(JpkiProperties jpki) {
		this.jpki = jpki;
	}

	@GetMapping("/login-failed")
	String loginFailed(@RequestParam(name = "reason", required = false) String reason,
			@RequestParam(name = "via", required = false) String via, Model model) {
		boolean card = "card".equals(via) && this.jpki.configured();
		CardProblem problem = CardProblem.fromCode(reason)
			.filter((p) -> card || p == CardProblem.CANCELLED)
			.orElse(null);
		model.addAttribute("problem", (problem != null && problem != CardProblem.OTHER) ? problem.code() : null);
		model.addAttribute("retryUrl", card ? "/oauth2/authorization/" + this.jpki.registrationId() : "/mypage");
		return "identity/login-failed";
	}

}
