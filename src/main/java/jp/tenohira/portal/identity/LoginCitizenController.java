package jp.tenohira.portal.identity;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Where a failed or cancelled login lands: an explanation and a way to try again, never a
 * stack trace.
 */
@Controller
class LoginCitizenController {

	@GetMapping("/login-failed")
	String loginFailed() {
		return "identity/login-failed";
	}

}
