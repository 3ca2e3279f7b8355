package jp.tenohira.portal.catalog;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import jp.tenohira.portal.forms.CityConfiguration;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.Lang;

/**
 * The resident's way in: the top page, the catalog with search and browsing, and a
 * procedure's own page.
 */
@Controller
class CatalogCitizenController {

	private final CatalogService catalog;

	CatalogCitizenController(CatalogService catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/")
	String home() {
		return "redirect:/procedures";
	}

	@GetMapping("/procedures")
	String catalog(@RequestParam(name = "q", required = false) String query,
			@RequestParam(name = "event", required = false) String event,
			@RequestParam(name = "department", required = false) String department, Lang lang, Model model) {
		CatalogView view = CatalogView.of(this.catalog, query, event, department, lang);
		model.addAttribute("view", view);
		return "catalog/index";
	}

	@GetMapping("/procedures/{id}")
	String procedure(@PathVariable String id, Lang lang, Model model) {
		ProcedureDefinition definition = this.catalog.find(id)
			.orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
		CityConfiguration city = this.catalog.city();
		model.addAttribute("view", ProcedureView.of(definition, city, lang));
		return "catalog/procedure";
	}

	/**
	 * Behind login: brings a resident back to the procedure after logging in to apply.
	 */
	@GetMapping("/procedures/{id}/login")
	String loginToApply(@PathVariable String id) {
		this.catalog.find(id)
			.orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
		return "redirect:/procedures/" + id;
	}

}
