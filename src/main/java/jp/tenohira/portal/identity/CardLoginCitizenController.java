package jp.tenohira.portal.identity;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import jp.tenohira.portal.forms.AssuranceLevel;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.jpki.JpkiProperties;
import jp.tenohira.portal.shared.Lang;

/**
 * Step-up to the My Number card: before the デジタル認証アプリ opens, the resident is told what
 * the procedure needs and exactly which PIN each step asks for; after the card login they
 * come back to the page they were on (a procedure, a draft page or the check page).
 */
@Controller
class CardLoginCitizenController {

	private final FormRegistry registry;

	private final ServerRequestCache requestCache;

	private final JpkiProperties jpki;

	CardLoginCitizenController(FormRegistry registry, ServerRequestCache requestCache, JpkiProperties jpki) {
		this.registry = registry;
		this.requestCache = requestCache;
		this.jpki = jpki;
	}

	/** What the procedure needs, which PINs, and the button that opens the app. */
	@GetMapping("/procedures/{id}/card")
	String explain(@PathVariable String id, @RequestParam(name = "return", required = false) String returnTo, Lang lang,
			Model model) {
		ProcedureDefinition definition = this.registry.find(id)
			.filter(ProcedureDefinition::online)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		String back = ReturnPath.orMyPage((returnTo != null) ? returnTo : "/procedures/" + id);
		model.addAttribute("procedureTitle", definition.title().in(lang));
		model.addAttribute("procedureId", id);
		model.addAttribute("signs", definition.assurance() == AssuranceLevel.JPKI_SIGN);
		model.addAttribute("returnPath", back);
		model.addAttribute("cardConfigured", this.jpki.configured());
		return "identity/card-login";
	}

	/**
	 * Remembers where to come back to (in the login cookie, as for any login) and opens
	 * the card login.
	 */
	@GetMapping("/login/card")
	Mono<String> login(@RequestParam(name = "return", required = false) String returnTo, ServerWebExchange exchange) {
		if (!this.jpki.configured()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		String back = ReturnPath.orMyPage(returnTo);
		URI uri = UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
			.replacePath(back)
			.replaceQuery(null)
			.build()
			.toUri();
		ServerWebExchange target = exchange.mutate().request((request) -> request.uri(uri)).build();
		return this.requestCache.saveRequest(target)
			.thenReturn("redirect:/oauth2/authorization/" + this.jpki.registrationId());
	}

}
