package jp.tenohira.portal.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.identity.StaffMember;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.Lang;

/**
 * Searches the audit trail for auditors. Every search is itself recorded (with its
 * filters) before any record is shown. A receipt number is resolved to its submission so
 * that every record about the case is found, whichever of the two it was recorded under.
 */
@Service
class AuditSearch {

	/** Records per page. */
	static final int PAGE_SIZE = 50;

	private static final int MAX_INPUT = 200;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(CityTime.ZONE);

	private final AuditQueries queries;

	private final AuditLog audit;

	private final FormRegistry registry;

	private final MessageSource messages;

	AuditSearch(AuditQueries queries, AuditLog audit, FormRegistry registry, MessageSource messages) {
		this.queries = queries;
		this.audit = audit;
		this.registry = registry;
		this.messages = messages;
	}

	/** The raw query parameters. */
	record Query(String actor, String action, String target, String section, String outcome, String from, String to,
			String after) {

		Query {
			actor = clean(actor);
			action = clean(action);
			target = clean(target);
			section = clean(section);
			outcome = clean(outcome);
			from = clean(from);
			to = clean(to);
			after = clean(after);
		}

		private static String clean(String value) {
			if (value == null) {
				return null;
			}
			String stripped = value.strip();
			if (stripped.isEmpty()) {
				return null;
			}
			return (stripped.length() > MAX_INPUT) ? stripped.substring(0, MAX_INPUT) : stripped;
		}

	}

	Mono<AuditView> search(Query query, StaffMember staff, Lang lang) {
		List<String> problems = new ArrayList<>();
		AuditAction action = parseEnum(AuditAction.class, query.action(), "audit.problem.action", problems, lang);
		AuditEntry.Outcome outcome = parseEnum(AuditEntry.Outcome.class, query.outcome(), "audit.problem.outcome",
				problems, lang);
		String section = query.section();
		if (section != null && this.registry.city().section(section).isEmpty()) {
			problems.add(message("audit.problem.section", lang));
			section = null;
		}
		LocalDate from = date(query.from(), problems, lang);
		LocalDate to = date(query.to(), problems, lang);
		Instant fromAt = (from != null) ? from.atStartOfDay(CityTime.ZONE).toInstant() : null;
		Instant toAt = (to != null) ? to.plusDays(1).atStartOfDay(CityTime.ZONE).toInstant() : null;
		AuditQueries.Cursor after = AuditQueries.Cursor.parse(query.after());
		String finalSection = section;
		Mono<List<String>> targets = (query.target() == null) ? Mono.just(List.of())
				: this.queries.submission(query.target()).map((s) -> {
					Set<String> all = new LinkedHashSet<>();
					all.add(query.target());
					all.add(s.id().toString());
					all.add(s.receiptNumber());
					return List.copyOf(all);
				}).defaultIfEmpty(List.of(query.target()));
		return targets.flatMap((ids) -> {
			AuditQueries.Filter filter = new AuditQueries.Filter(query.actor(), action, ids, finalSection, outcome,
					fromAt, toAt, after);
			return this.audit.record(searchRecord(staff, query, ids))
				.then(this.queries.search(filter, PAGE_SIZE + 1).collectList())
				.flatMap((rows) -> {
					List<AuditQueries.Row> page = (rows.size() > PAGE_SIZE) ? rows.subList(0, PAGE_SIZE) : rows;
					String next = (rows.size() > PAGE_SIZE) ? nextUrl(query, page.get(page.size() - 1)) : null;
					List<UUID> submissions = page.stream()
						.filter((r) -> "submission".equals(r.targetType()))
						.map((r) -> AuditQueries.uuid(r.targetId()))
						.filter((id) -> id != null)
						.distinct()
						.toList();
					return this.queries.receiptNumbers(submissions)
						.map((receipts) -> new AuditView(
								new AuditView.Filters(query.actor(), (action != null) ? action.name() : null,
										query.target(), finalSection, (outcome != null) ? outcome.name() : null,
										(from != null) ? from.toString() : null, (to != null) ? to.toString() : null),
								actionOptions(action, lang), outcomeOptions(outcome, lang),
								sectionOptions(finalSection, lang), problems, targetNote(query.target(), ids, lang),
								page.stream().map((r) -> row(r, receipts, lang)).toList(), next,
								(after == null) ? null : url(query, null)));
				});
		});
	}

	private static AuditEntry searchRecord(StaffMember staff, Query query, List<String> targets) {
		Map<String, Object> detail = new LinkedHashMap<>();
		put(detail, "actor", query.actor());
		put(detail, "action", query.action());
		put(detail, "target", query.target());
		put(detail, "section", query.section());
		put(detail, "outcome", query.outcome());
		put(detail, "from", query.from());
		put(detail, "to", query.to());
		put(detail, "after", query.after());
		if (targets.size() > 1) {
			detail.put("resolvedTargets", targets);
		}
		return AuditEntry.staff(staff, AuditAction.AUDIT_SEARCH, "audit", null, null).withDetail(detail);
	}

	private static void put(Map<String, Object> detail, String key, String value) {
		if (value != null) {
			detail.put(key, value);
		}
	}

	private String targetNote(String target, List<String> ids, Lang lang) {
		if (target == null || ids.size() < 2) {
			return null;
		}
		return message("audit.target.resolved", lang,
				ids.stream().filter((id) -> !id.equals(target)).collect(Collectors.joining(" / ")));
	}

	private static String nextUrl(Query query, AuditQueries.Row last) {
		return url(query, new AuditQueries.Cursor(last.occurredAt(), last.id()));
	}

	/** The search's address, from its start or after a cursor. */
	private static String url(Query query, AuditQueries.Cursor after) {
		UriComponentsBuilder url = UriComponentsBuilder.fromPath("/staff/audit");
		param(url, "actor", query.actor());
		param(url, "action", query.action());
		param(url, "target", query.target());
		param(url, "section", query.section());
		param(url, "outcome", query.outcome());
		param(url, "from", query.from());
		param(url, "to", query.to());
		if (after != null) {
			url.queryParam("after", after.format());
		}
		return url.encode().build().toUriString();
	}

	private static void param(UriComponentsBuilder url, String name, String value) {
		if (value != null) {
			url.queryParam(name, value);
		}
	}

	private AuditView.RowView row(AuditQueries.Row row, Map<String, String> receipts, Lang lang) {
		String section = (row.sectionId() != null) ? this.registry.city()
			.section(row.sectionId())
			.map((s) -> s.name().in(lang) + " (" + row.sectionId() + ")")
			.orElse(row.sectionId()) : "";
		String detail = row.detail()
			.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining(", "));
		return new AuditView.RowView(TIME.format(row.occurredAt()),
				message("audit.kind." + row.actorKind().toLowerCase(Locale.ROOT), lang), nullToEmpty(row.actorName()),
				nullToEmpty(row.actorSubject()), actionName(row.action(), lang), nullToEmpty(row.targetType()),
				nullToEmpty(row.targetId()), (row.targetId() != null) ? receipts.get(row.targetId()) : null, section,
				nullToEmpty(row.purpose()), message("audit.outcome." + row.outcome().toLowerCase(Locale.ROOT), lang),
				row.outcome().toLowerCase(Locale.ROOT), detail);
	}

	private String actionName(String action, Lang lang) {
		try {
			return message("audit.action." + AuditAction.valueOf(action).name(), lang);
		}
		catch (IllegalArgumentException ex) {
			return action;
		}
	}

	private List<AuditView.Option> actionOptions(AuditAction selected, Lang lang) {
		List<AuditView.Option> options = new ArrayList<>();
		for (AuditAction action : AuditAction.values()) {
			options.add(new AuditView.Option(action.name(), message("audit.action." + action.name(), lang),
					action == selected));
		}
		return options;
	}

	private List<AuditView.Option> outcomeOptions(AuditEntry.Outcome selected, Lang lang) {
		List<AuditView.Option> options = new ArrayList<>();
		for (AuditEntry.Outcome outcome : AuditEntry.Outcome.values()) {
			options.add(new AuditView.Option(outcome.name(),
					message("audit.outcome." + outcome.name().toLowerCase(Locale.ROOT), lang), outcome == selected));
		}
		return options;
	}

	private List<AuditView.Option> sectionOptions(String selected, Lang lang) {
		return this.registry.city()
			.sectionsById()
			.values()
			.stream()
			.map((s) -> new AuditView.Option(s.id(), s.name().in(lang), s.id().equals(selected)))
			.toList();
	}

	private <E extends Enum<E>> E parseEnum(Class<E> type, String value, String problemKey, List<String> problems,
			Lang lang) {
		if (value == null) {
			return null;
		}
		try {
			return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			problems.add(message(problemKey, lang));
			return null;
		}
	}

	private LocalDate date(String value, List<String> problems, Lang lang) {
		if (value == null) {
			return null;
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			problems.add(message("audit.problem.date", lang, value));
			return null;
		}
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

	private String message(String key, Lang lang, Object... args) {
		return this.messages.getMessage(key, args, lang.locale());
	}

}
