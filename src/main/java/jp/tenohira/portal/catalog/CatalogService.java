package jp.tenohira.portal.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.stereotype.Service;

import jp.tenohira.portal.forms.CityConfiguration;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.shared.JapaneseText;
import jp.tenohira.portal.shared.LocalizedText;

/**
 * Finds procedures. Search keys are computed once at start-up from titles, summaries and
 * keywords in every language, so a query is a scan of short prepared strings (4,300
 * entries stay well under a millisecond).
 */
@Service
public class CatalogService {

	private final FormRegistry registry;

	private final List<Entry> entries;

	CatalogService(FormRegistry registry) {
		this.registry = registry;
		this.entries = registry.all()
			.stream()
			.sorted(Comparator.comparing(ProcedureDefinition::id))
			.map((d) -> new Entry(d, JapaneseText.searchKey(d.title().ja()), searchText(d)))
			.toList();
	}

	private record Entry(ProcedureDefinition definition, String titleKey, String key) {
	}

	private static String searchText(ProcedureDefinition d) {
		return Stream
			.concat(Stream.of(d.title(), d.summary()).flatMap(CatalogService::allLanguages), d.keywords().stream())
			.map(JapaneseText::searchKey)
			.collect(Collectors.joining("\u0000"));
	}

	private static Stream<String> allLanguages(LocalizedText text) {
		return Stream.of(text.ja(), text.en(), text.easy()).filter((s) -> s != null);
	}

	public CityConfiguration city() {
		return this.registry.city();
	}

	/**
	 * Procedures matching every word of the query; title matches first, online ones
	 * before counter-only.
	 */
	public List<ProcedureDefinition> search(String query) {
		List<String> words = Stream.of(JapaneseText.nfkc(query).split("[\\s　]+"))
			.map(JapaneseText::searchKey)
			.filter((w) -> !w.isEmpty())
			.toList();
		if (words.isEmpty()) {
			return List.of();
		}
		return this.entries.stream()
			.filter((e) -> words.stream().allMatch(e.key()::contains))
			.sorted(Comparator.comparing((Entry e) -> !words.stream().allMatch(e.titleKey()::contains))
				.thenComparing((e) -> !e.definition().online()))
			.map(Entry::definition)
			.limit(100)
			.toList();
	}

	public List<ProcedureDefinition> byLifeEvent(String lifeEventId) {
		return this.entries.stream()
			.map(Entry::definition)
			.filter((d) -> d.lifeEvents().contains(lifeEventId))
			.toList();
	}

	public List<ProcedureDefinition> byDepartment(String departmentId) {
		Map<String, CityConfiguration.Section> sections = city().sectionsById();
		return this.entries.stream()
			.map(Entry::definition)
			.filter((d) -> departmentId.equals(sections.get(d.section()).departmentId()))
			.toList();
	}

	public Optional<ProcedureDefinition> find(String id) {
		return this.registry.find(id);
	}

	/** How many procedures each life event has, for the browse headings. */
	public Map<String, Long> countsByLifeEvent() {
		return this.entries.stream()
			.flatMap((e) -> e.definition().lifeEvents().stream())
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	public long onlineCount() {
		return this.entries.stream().filter((e) -> e.definition().online()).count();
	}

	public int size() {
		return this.entries.size();
	}

}
