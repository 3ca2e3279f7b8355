package jp.tenohira.portal.inbox;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import jp.tenohira.portal.identity.StaffMember;

/**
 * Gives every staff page ({@code /staff} and below, whichever feature's controller
 * renders it) the {@code staffMember} model attribute that the staff layout shows: the
 * member's name, and the audit link for auditors.
 * <p>
 * It runs first and adds the attribute synchronously, taking no
 * {@code ServerWebExchange}: WebFlux treats a {@code Mono<Void>} model method that takes
 * the exchange (as {@code web.LayoutAdvice} does) as having handled the response, and
 * then drops the results of the model methods it has not run yet.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StaffModelAdvice {

	/** The model attribute the staff layout reads. */
	public static final String ATTRIBUTE = "staffMember";

	@ModelAttribute
	void staffMember(ServerHttpRequest request, @AuthenticationPrincipal OidcUser user, Model model) {
		String path = request.getPath().pathWithinApplication().value();
		if (!path.equals("/staff") && !path.startsWith("/staff/")) {
			return;
		}
		StaffMember staff = StaffMember.of(user);
		if (staff != null) {
			model.addAttribute(ATTRIBUTE, staff);
		}
	}

}
