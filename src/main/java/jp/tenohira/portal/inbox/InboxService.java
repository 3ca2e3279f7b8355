package jp.tenohira.portal.inbox;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

import jp.tenohira.portal.audit.AuditAction;
import jp.tenohira.portal.audit.AuditEntry;
import jp.tenohira.portal.audit.AuditLog;
import jp.tenohira.portal.forms.CityConfiguration;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.identity.StaffMember;
import jp.tenohira.portal.identity.StaffRole;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.submission.Actor;
import jp.tenohira.portal.submission.SubmissionStatus;
import jp.tenohira.portal.submission.SubmissionWorkflow;
import jp.tenohira.portal.submission.SubmissionWorkflow.Access;
import jp.tenohira.portal.submission.SubmissionWorkflow.Command;

/**
 * Section inboxes for staff: the start page, a section's list with counts and filters,
 * bulk status changes and assignment, and the live event stream. A member of staff only
 * ever reaches sections they belong to (others answer 404, as if they did not exist), and
 * every list and subscription is written to the audit trail before any data leaves.
 */
@Service
class InboxService {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(CityTime.ZONE);

	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final InboxQueries queries;

	private final AuditLog audit;

	private final FormRegistry registry;

	private final SubmissionWorkflow workflow;

	private final SubmissionChanges changes;

	private final MessageSource messages;

	InboxService(InboxQueries queries, AuditLog audit, FormRegistry registry, SubmissionWorkflow workflow,
			SubmissionChanges changes, MessageSource messages) {
		this.queries = queries;
		this.audit = audit;
		this.registry = registry;
		this.workflow = workflow;
		this.changes = changes;
		this.messages = messages;
	}

	/** What bulk actions there are, by their form value. */
	enum BulkAction {

		ASSIGN_ME, UNASSIGN, START_REVIEW, COMPLETE;

		String param() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		static Optional<BulkAction> of(String param) {
			for (BulkAction action : values()) {
				if (action.param().equals(param)) {
					return Optional.of(action);
				}
			}
			return Optional.empty();
		}

	}

	/** What a bulk action did. */
	record BulkOutcome(int selected, int changed) {
	}

	/** The sections of a member of staff that exist in the city's organisation. */
	List<String> sectionsOf(StaffMember staff) {
		CityConfiguration city = this.registry.city();
		return staff.sections().stream().filter((id) -> city.section(id).isPresent()).toList();
	}

	/**
	 * Whether this member works section inboxes at all (auditors and DX roles do not).
	 */
	static boolean worksInboxes(StaffMember staff) {
		return staff.has(StaffRole.CLERK) || staff.has(StaffRole.APPROVER) || staff.has(StaffRole.MY_NUMBER_HANDLER);
	}

	/** The start page for a member with several sections, or none. */
	Mono<InboxViews.Start> start(StaffMember staff, Lang lang) {
		List<String> sections = worksInboxes(staff) ? sectionsOf(staff) : List.of();
		boolean auditor = staff.has(StaffRole.AUDITOR);
		boolean dx = staff.has(StaffRole.DX_EDITOR) || staff.has(StaffRole.DX_PUBLISHER);
		if (sections.isEmpty()) {
			return Mono.just(new InboxViews.Start(List.of(), auditor, dx));
		}
		AuditEntry entry = AuditEntry.staff(staff, AuditAction.INBOX_LIST, "section", null, null)
			.withDetail(Map.of("sections", sections, "view", "start"));
		return this.audit.record(entry)
			.then(this.queries.openCounts(sections))
			.map((open) -> new InboxViews.Start(sections.stream().map((id) -> {
				long count = open.getOrDefault(id, 0L);
				boolean capped = count > InboxQueries.COUNT_CAP;
				return new InboxViews.SectionLink(id, sectionName(id, lang), sectionUrl(id),
						capped ? InboxQueries.COUNT_CAP : count, capped);
			}).toList(), auditor, dx));
	}

	/** A section's inbox page. */
	Mono<InboxViews.Section> section(StaffMember staff, String sectionId, InboxFilter filter, Lang lang,
			InboxViews.Flash flash) {
		return member(staff, sectionId).then(Mono.defer(() -> {
			AuditEntry entry = AuditEntry.staff(staff, AuditAction.INBOX_LIST, "section", sectionId, sectionId)
				.withDetail(Map.of("filters", filter.names()));
			InboxQueries.Query query = InboxQueries.list(sectionId, filter, staff.subject(),
					InboxQueries.PAGE_SIZE + 1);
			return this.audit.record(entry)
				.then(Mono.zip(this.queries.counts(sectionId), this.queries.rows(query).collectList(),
						this.queries.proceduresPresent(sectionId)))
				.map((t) -> sectionView(staff, sectionId, filter, lang, flash, t.getT1(), t.getT2(), t.getT3()));
		}));
	}

	private InboxViews.Section sectionView(StaffMember staff, String sectionId, InboxFilter filter, Lang lang,
			InboxViews.Flash flash, Map<SubmissionStatus, Long> counts, List<InboxQueries.Row> found,
			List<String> present) {
		String base = sectionUrl(sectionId);
		List<InboxQueries.Row> page = (found.size() > InboxQueries.PAGE_SIZE) ? found.subList(0, InboxQueries.PAGE_SIZE)
				: found;
		String nextUrl = (found.size() > InboxQueries.PAGE_SIZE)
				? withQuery(base, filter.after(page.get(page.size() - 1).cursor()).toQuery()) : null;
		String firstUrl = (filter.after() != null) ? withQuery(base, filter.firstPage().toQuery()) : null;

		List<InboxViews.CountLink> countLinks = new ArrayList<>();
		long cap = InboxQueries.COUNT_CAP;
		long open = 0;
		long all = 0;
		boolean openCapped = false;
		boolean allCapped = false;
		for (SubmissionStatus status : SubmissionStatus.values()) {
			long count = counts.getOrDefault(status, 0L);
			boolean capped = count > cap;
			all += count;
			allCapped |= capped;
			if (SubmissionStatus.OPEN.contains(status)) {
				open += count;
				openCapped |= capped;
			}
		}
		openCapped |= open > cap;
		allCapped |= all > cap;
		countLinks.add(new InboxViews.CountLink(message("inbox.status.open", lang), openCapped ? cap : open, openCapped,
				base + "?status=" + InboxFilter.OPEN, filter.isOpen()));
		for (SubmissionStatus status : SubmissionStatus.values()) {
			long count = counts.getOrDefault(status, 0L);
			countLinks.add(new InboxViews.CountLink(message(status.messageKey(), lang), Math.min(count, cap),
					count > cap, base + "?status=" + status.name(), status.name().equals(filter.status())));
		}
		countLinks.add(new InboxViews.CountLink(message("inbox.status.all", lang), allCapped ? cap : all, allCapped,
				base + "?status=" + InboxFilter.ALL, filter.isAll()));

		List<InboxViews.Option> statuses = new ArrayList<>();
		statuses.add(new InboxViews.Option(InboxFilter.OPEN, message("inbox.status.open", lang), filter.isOpen()));
		statuses.add(new InboxViews.Option(InboxFilter.ALL, message("inbox.status.all", lang), filter.isAll()));
		for (SubmissionStatus status : SubmissionStatus.values()) {
			statuses.add(new InboxViews.Option(status.name(), message(status.messageKey(), lang),
					status.name().equals(filter.status())));
		}

		Set<String> procedureIds = new LinkedHashSet<>(present);
		for (ProcedureDefinition definition : this.registry.all()) {
			if (routesTo(definition, sectionId)) {
				procedureIds.add(definition.id());
			}
		}
		if (filter.procedure() != null) {
			procedureIds.add(filter.procedure());
		}
		List<InboxViews.Option> procedures = procedureIds.stream()
			.map((id) -> new InboxViews.Option(id, procedureTitle(id, lang), id.equals(filter.procedure())))
			.sorted(Comparator.comparing(InboxViews.Option::label))
			.toList();

		List<InboxViews.Row> rows = page.stream().map((row) -> row(row, lang)).toList();
		String statusesAccepted = java.util.Arrays.stream(SubmissionStatus.values())
			.filter(filter::accepts)
			.map(Enum::name)
			.collect(Collectors.joining(" "));
		InboxViews.Live live = new InboxViews.Live(filter.showsArrivalsOnTop(), statusesAccepted,
				(filter.procedure() != null) ? filter.procedure() : "");
		return new InboxViews.Section(sectionId, sectionName(sectionId, lang), countLinks, filter.form(), statuses,
				procedures, rows, nextUrl, firstUrl, base + "/filter", withQuery(base + "/bulk", filter.toQuery()),
				base, base + "/events", live, staff.has(StaffRole.CLERK), List.copyOf(filter.invalid()), flash);
	}

	private static boolean routesTo(ProcedureDefinition definition, String sectionId) {
		return sectionId.equals(definition.section()) || sectionId.equals(definition.routing().defaultSection())
				|| definition.routing().rules().stream().anyMatch((rule) -> sectionId.equals(rule.section()));
	}

	private InboxViews.Row row(InboxQueries.Row row, Lang lang) {
		return new InboxViews.Row(row.id().toString(), row.receiptNumber(), detailUrl(row.id()),
				procedureTitle(row.procedureId(), lang), TIME.format(row.submittedAt()), row.submittedAt().toString(),
				message(row.status().messageKey(), lang), statusClass(row.status()), row.assigneeName(),
				row.revision());
	}

	/**
	 * Applies one action to the selected submissions of a section. Only submissions in
	 * this section (not the member's other sections) and in a status that allows the
	 * action change; each change is audited.
	 */
	Mono<BulkOutcome> bulk(StaffMember staff, String sectionId, Collection<UUID> ids, Optional<BulkAction> chosen) {
		return member(staff, sectionId).then(Mono.defer(() -> {
			List<UUID> selected = ids.stream().distinct().limit(200).toList();
			if (selected.isEmpty() || chosen.isEmpty()) {
				return Mono.just(new BulkOutcome(0, 0));
			}
			Command command = switch (chosen.get()) {
				case ASSIGN_ME -> new Command.Assign(staff.subject(), staff.name());
				case UNASSIGN -> new Command.Assign(null, null);
				case START_REVIEW -> new Command.StartReview();
				case COMPLETE -> new Command.Complete();
			};
			Access access = new Access(Set.of(sectionId), staff.roles());
			return this.workflow.applyAll(selected, access, command, Actor.staff(staff.subject(), staff.name()))
				.filter(SubmissionWorkflow.Result::changed)
				.concatMap(
						(result) -> this.audit
							.record(AuditEntry
								.staff(staff, AuditAction.STATUS_CHANGE, "submission", result.submissionId().toString(),
										result.sectionId())
								.withDetail(Map.of("action", command.action().name(), "from", result.before().name(),
										"to", result.after().name(), "via", "inbox-bulk")))
							.thenReturn(result))
				.count()
				.map((changed) -> new BulkOutcome(selected.size(), changed.intValue()));
		}));
	}

	/**
	 * The live stream of a section: arrivals, changes and departures (ids, receipt
	 * numbers, procedure titles, statuses and times; nothing about the applicant), a
	 * comment every 15 seconds to keep proxies from closing it, and an end when the node
	 * stops.
	 */
	Flux<ServerSentEvent<String>> events(StaffMember staff, String sectionId, Lang lang) {
		return member(staff, sectionId).thenMany(Flux.defer(() -> {
			AuditEntry entry = AuditEntry.staff(staff, AuditAction.INBOX_SUBSCRIBE, "section", sectionId, sectionId);
			Flux<ServerSentEvent<String>> live = this.changes.events()
				.concatMap((event) -> Mono.justOrEmpty(sse(event, sectionId, lang)));
			// subscribed after the live events, so that "connected" means nothing is
			// missed
			Mono<ServerSentEvent<String>> connected = Mono
				.just(ServerSentEvent.<String>builder().comment("connected").retry(Duration.ofSeconds(5)).build());
			Flux<ServerSentEvent<String>> heartbeat = Flux.interval(HEARTBEAT)
				.map((tick) -> ServerSentEvent.<String>builder().comment("heartbeat").build());
			return this.audit.record(entry)
				.thenMany(Flux.merge(live, connected, heartbeat).takeUntilOther(this.changes.stopped()));
		}));
	}

	private Optional<ServerSentEvent<String>> sse(SubmissionChanges.LiveEvent event, String sectionId, Lang lang) {
		if (event instanceof SubmissionChanges.Resync) {
			return Optional.of(ServerSentEvent.<String>builder().event("resync").data("{}").build());
		}
		SubmissionChanges.Changed change = (SubmissionChanges.Changed) event;
		String kind;
		if (sectionId.equals(change.sectionId())) {
			kind = (change.isNew() || !sectionId.equals(change.previousSectionId())) ? "arrival" : "change";
		}
		else if (sectionId.equals(change.previousSectionId())) {
			kind = "departure";
		}
		else {
			return Optional.empty();
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", change.id().toString());
		data.put("receiptNumber", change.receiptNumber());
		data.put("procedure", change.procedureId());
		data.put("procedureTitle", procedureTitle(change.procedureId(), lang));
		data.put("status", change.status().name());
		data.put("statusLabel", message(change.status().messageKey(), lang));
		data.put("statusClass", statusClass(change.status()));
		data.put("receivedAt", TIME.format(change.submittedAt()));
		data.put("receivedIso", change.submittedAt().toString());
		data.put("revision", change.revision());
		data.put("url", detailUrl(change.id()));
		return Optional.of(ServerSentEvent.<String>builder()
			.id(change.id().toString())
			.event(kind)
			.data(JSON.writeValueAsString(data))
			.build());
	}

	/** 404 unless the member works inboxes and belongs to this (existing) section. */
	Mono<Void> member(StaffMember staff, String sectionId) {
		if (staff == null || !worksInboxes(staff) || !staff.worksIn(sectionId)
				|| this.registry.city().section(sectionId).isEmpty()) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		return Mono.empty();
	}

	String sectionName(String sectionId, Lang lang) {
		return this.registry.city().section(sectionId).map((s) -> s.name().in(lang)).orElse(sectionId);
	}

	private String procedureTitle(String procedureId, Lang lang) {
		return this.registry.find(procedureId).map((d) -> d.title().in(lang)).orElse(procedureId);
	}

	private String message(String key, Lang lang) {
		return this.messages.getMessage(key, null, key, lang.locale());
	}

	static String sectionUrl(String sectionId) {
		return "/staff/sections/" + sectionId;
	}

	private static String detailUrl(UUID id) {
		return "/staff/submissions/" + id;
	}

	private static String statusClass(SubmissionStatus status) {
		return "status " + status.cssClass();
	}

	private static String withQuery(String path, String query) {
		return query.isEmpty() ? path : path + "?" + query;
	}

}
