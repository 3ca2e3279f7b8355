package jp.tenohira.portal.forms;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resident's answers as posted: input name to values. Simple fields use their id
 * ({@code phone}), composite fields a part ({@code applicant-name.family}) and repeatable
 * groups an index ({@code items[0].item-name}). Dynamic forms have no class to bind, so
 * answers stay this generic value and are validated against the definition.
 */
public record Answers(Map<String, List<String>> values) {

	private static final Pattern GROUP_INDEX = Pattern.compile("^([a-z0-9-]+)\\[(0|[1-9]\\d?)]\\.");

	public Answers {
		values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	public static Answers empty() {
		return new Answers(Map.of());
	}

	/** The first value, stripped, or an empty string. */
	public String first(String key) {
		List<String> list = this.values.get(key);
		return (list == null || list.isEmpty() || list.get(0) == null) ? "" : list.get(0).strip();
	}

	public List<String> all(String key) {
		return this.values.getOrDefault(key, List.of());
	}

	public boolean isAnswered(String key) {
		return all(key).stream().anyMatch((v) -> v != null && !v.isBlank());
	}

	/**
	 * True if any input with this name or a part of it ({@code key.part}) has a value.
	 */
	public boolean isAnsweredWithParts(String key) {
		if (isAnswered(key)) {
			return true;
		}
		String prefix = key + ".";
		return this.values.keySet().stream().anyMatch((k) -> k.startsWith(prefix) && isAnswered(k));
	}

	/**
	 * The number of items of a repeatable group: one more than the highest index present.
	 */
	public int groupSize(String groupId) {
		int size = 0;
		for (String key : this.values.keySet()) {
			Matcher matcher = GROUP_INDEX.matcher(key);
			if (matcher.find() && matcher.group(1).equals(groupId)) {
				size = Math.max(size, Integer.parseInt(matcher.group(2)) + 1);
			}
		}
		return size;
	}

	/**
	 * These answers with every key that belongs to one of the given field ids replaced by
	 * {@code update}'s.
	 */
	public Answers replaceFields(java.util.Collection<String> fieldIds, Answers update) {
		Predicate<String> owned = (key) -> fieldIds.stream().anyMatch((id) -> belongsTo(key, id));
		Map<String, List<String>> merged = new LinkedHashMap<>();
		this.values.forEach((k, v) -> {
			if (!owned.test(k)) {
				merged.put(k, v);
			}
		});
		update.values.forEach((k, v) -> {
			if (owned.test(k)) {
				merged.put(k, v);
			}
		});
		return new Answers(merged);
	}

	/** These answers restricted to keys that belong to the given field ids. */
	public Answers only(java.util.Collection<String> fieldIds) {
		Map<String, List<String>> kept = new LinkedHashMap<>();
		this.values.forEach((k, v) -> {
			if (fieldIds.stream().anyMatch((id) -> belongsTo(k, id))) {
				kept.put(k, v);
			}
		});
		return new Answers(kept);
	}

	/** These answers and the other's (the other's win for the same key). */
	public Answers plus(Answers other) {
		Map<String, List<String>> merged = new LinkedHashMap<>(this.values);
		merged.putAll(other.values);
		return new Answers(merged);
	}

	public Answers with(String key, List<String> value) {
		Map<String, List<String>> copy = new LinkedHashMap<>(this.values);
		copy.put(key, List.copyOf(value));
		return new Answers(copy);
	}

	static boolean belongsTo(String key, String fieldId) {
		return key.equals(fieldId) || key.startsWith(fieldId + ".") || key.startsWith(fieldId + "[");
	}

}
