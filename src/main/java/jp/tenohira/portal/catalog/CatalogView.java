package jp.tenohira.portal.catalog;

import java.util.List;
import java.util.Map;

import jp.tenohira.portal.forms.CityConfiguration;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.Lang;

/**
 * The catalog page, resolved for one language: search results or a browsed list, and the
 * browse headings.
 */
record CatalogView(String query, String heading, boolean searched, List<Item> results, List<Link> lifeEvents,
		List<Link> departments, int total, long online) {

	/** A procedure in a list. */
	record Item(String id, String title, String summary, boolean online, String section) {
	}

	/** A browse heading. */
	record Link(String id, String name, long count) {
	}

	static CatalogView of(CatalogService catalog, String query, String event, String department, Lang lang) {
		CityConfiguration city = catalog.city();
		Map<String, CityConfiguration.Section> sections = city.sectionsById();
		List<ProcedureDefinition> found;
		String heading = null;
		boolean searched = false;
		if (query != null && !query.isBlank()) {
			found = catalog.search(query);
			searched = true;
		}
		else if (event != null && city.lifeEvent(event).isPresent()) {
			found = catalog.byLifeEvent(event);
			heading = city.lifeEvent(event).get().name().in(lang);
		}
		else if (department != null && city.department(department).isPresent()) {
			found = catalog.byDepartment(department);
			heading = city.department(department).get().name().in(lang);
		}
		else {
			found = List.of();
		}
		List<Item> items = found.stream()
			.map((d) -> new Item(d.id(), d.title().in(lang), d.summary().in(lang), d.online(),
					sections.get(d.section()).name().in(lang)))
			.toList();
		Map<String, Long> counts = catalog.countsByLifeEvent();
		List<Link> events = city.lifeEvents()
			.stream()
			.map((e) -> new Link(e.id(), e.name().in(lang), counts.getOrDefault(e.id(), 0L)))
			.filter((l) -> l.count() > 0)
			.toList();
		List<Link> departments = city.departments()
			.stream()
			.map((d) -> new Link(d.id(), d.name().in(lang), catalog.byDepartment(d.id()).size()))
			.filter((l) -> l.count() > 0)
			.toList();
		return new CatalogView((query != null) ? query : "", heading, searched, items, events, departments,
				catalog.size(), catalog.onlineCount());
	}

}
