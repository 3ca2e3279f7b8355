package jp.tenohira.portal.web;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import jp.tenohira.portal.identity.ResidentAuthorities;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.submission.LoginRequiredException;

/**
 * What every page's layout needs: the language and the links to switch it, the CSP nonce,
 * login state, and the CSRF token resolved so that {@code th:action} forms carry it.
 */
@ControllerAdvice
class LayoutAdvice {

	@ModelAttribute
	Mono<Void> layout(ServerWebExchange exchange, Model model) {
		Lang lang = LanguageResolver.lang(exchange);
		model.addAttribute("lang", lang);
		model.addAttribute("htmlLang", lang.htmlLang());
		model.addAttribute("cspNonce", exchange.getAttribute(SecurityHeadersFilter.NONCE_ATTRIBUTE));
		model.addAttribute("currentPath", exchange.getRequest().getPath().value());
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		Mono<Void> csrf = (token != null) ? token.doOnNext((t) -> {
			exchange.getAttributes().put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME, t);
			model.addAttribute("_csrf", t);
		}).then() : Mono.empty();
		Mono<Void> login = ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.filter(Authentication::isAuthenticated)
			.doOnNext((a) -> {
				model.addAttribute("loggedIn", true);
				if (ResidentAuthorities.isCardLogin(a.getAuthorities())) {
					model.addAttribute("cardLogin", true);
				}
			})
			.then();
		return csrf.then(login);
	}

	/**
	 * A procedure that needs login sends the resident to log in and come back to it; one
	 * that needs the My Number card first explains the card login and which PINs it
	 * needs, then comes back to the page the resident was on (a form page, or the check
	 * page after a submit).
	 */
	@ExceptionHandler(LoginRequiredException.class)
	String loginRequired(LoginRequiredException ex, ServerWebExchange exchange) {
		if (!ex.needsCard()) {
			return "redirect:/procedures/" + ex.procedureId() + "/login";
		}
		String path = exchange.getRequest().getPath().value();
		String back;
		if (ex.returnPath().isPresent()) {
			back = ex.returnPath().get();
		}
		else if (path.startsWith("/applications/") && (path.endsWith("/submit") || path.endsWith("/sign"))) {
			back = path.substring(0, path.lastIndexOf('/')) + "/check";
		}
		else if (path.startsWith("/applications/") && (path.contains("/pages/") || path.endsWith("/check"))) {
			back = path;
		}
		else {
			back = "/procedures/" + ex.procedureId();
		}
		return "redirect:" + UriComponentsBuilder.fromPath("/procedures/{id}/card")
			.queryParam("return", back)
			.buildAndExpand(ex.procedureId())
			.encode()
			.toUriString();
	}

}
