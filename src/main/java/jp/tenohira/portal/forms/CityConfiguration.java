package jp.tenohira.portal.forms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jp.tenohira.portal.shared.LocalizedText;

/**
 * The city's own facts from {@code forms/config/}: name, office, opening hours,
 * departments with their sections, and the life events the catalog is browsed by.
 */
public record CityConfiguration(LocalizedText name, LocalizedText office, LocalizedText hours,
		List<Department> departments, List<LifeEvent> lifeEvents) {

	/** A department (部局) and its sections (所属). */
	public record Department(String id, LocalizedText name, List<Section> sections) {
	}

	/** A section (課) whose inbox receives submissions. */
	public record Section(String id, LocalizedText name, String departmentId) {
	}

	/** A heading residents browse the catalog by (引越し, 出産, ...). */
	public record LifeEvent(String id, LocalizedText name) {
	}

	public Map<String, Section> sectionsById() {
		Map<String, Section> sections = new LinkedHashMap<>();
		this.departments.forEach((d) -> d.sections().forEach((s) -> sections.put(s.id(), s)));
		return sections;
	}

	public Optional<Section> section(String id) {
		return Optional.ofNullable(sectionsById().get(id));
	}

	public Optional<LifeEvent> lifeEvent(String id) {
		return this.lifeEvents.stream().filter((e) -> e.id().equals(id)).findFirst();
	}

	public Optional<Department> department(String id) {
		return this.departments.stream().filter((d) -> d.id().equals(id)).findFirst();
	}

}
