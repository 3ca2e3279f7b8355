package jp.tenohira.portal.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import jp.tenohira.portal.identity.StaffMember;
import jp.tenohira.portal.shared.Lang;

/**
 * Staff start page and section inboxes: list with counts and filters, the filter form
 * (posted, so that a name typed to search never appears in a URL), bulk actions, and the
 * live event stream.
 */
@Controller
class InboxStaffController {

	/** Who may open a section inbox at all; the section itself is checked on loading. */
	static final String INBOX_ROLES = "hasRole('STAFF') and hasAnyRole('CLERK', 'APPROVER', 'MY_NUMBER_HANDLER')";

	private static final List<String> FILTER_FIELDS = List.of("status", "procedure", "from", "to", "assignee",
			"receipt", "sort");

	private final InboxService inbox;

	InboxStaffController(InboxService inbox) {
		this.inbox = inbox;
	}

	@GetMapping("/staff")
	@PreAuthorize("hasRole('STAFF')")
	Mono<String> start(@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		StaffMember staff = StaffMember.of(user);
		if (InboxService.worksInboxes(staff)) {
			List<String> sections = this.inbox.sectionsOf(staff);
			if (sections.size() == 1) {
				return Mono.just("redirect:" + InboxService.sectionUrl(sections.get(0)));
			}
		}
		return this.inbox.start(staff, lang).map((view) -> {
			model.addAttribute("view", view);
			return "inbox/start";
		});
	}

	@GetMapping("/staff/sections/{sectionId}")
	@PreAuthorize(INBOX_ROLES)
	Mono<String> section(@PathVariable String sectionId, @AuthenticationPrincipal OidcUser user, Lang lang,
			ServerWebExchange exchange, Model model) {
		MultiValueMap<String, String> params = exchange.getRequest().getQueryParams();
		InboxViews.Flash flash = flash(params);
		return exchange.getSession()
			.map((session) -> InboxFilter.parse(params, (token) -> NameSearches.find(session, token)))
			.flatMap((filter) -> this.inbox.section(StaffMember.of(user), sectionId, filter, lang, flash))
			.map((view) -> {
				model.addAttribute("view", view);
				return "inbox/section";
			});
	}

	/**
	 * The filter form: the kana name is kept in the session under a random token and the
	 * list is shown by a redirect to its GET address.
	 */
	@PostMapping("/staff/sections/{sectionId}/filter")
	@PreAuthorize(INBOX_ROLES)
	Mono<String> filter(@PathVariable String sectionId, @AuthenticationPrincipal OidcUser user,
			ServerWebExchange exchange) {
		return this.inbox.member(StaffMember.of(user), sectionId)
			.then(Mono.zip(exchange.getFormData(), exchange.getSession()))
			.map((t) -> {
				MultiValueMap<String, String> form = t.getT1();
				MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
				for (String field : FILTER_FIELDS) {
					String value = form.getFirst(field);
					if (value != null && !value.isBlank() && value.length() <= 64) {
						query.add(field, value.strip());
					}
				}
				String typed = form.getFirst("kana");
				String kana = InboxFilter.kanaKey((typed != null) ? typed : "");
				if (!kana.isEmpty()) {
					query.add("name", NameSearches.store(t.getT2(), kana));
				}
				return "redirect:" + UriComponentsBuilder.fromPath(InboxService.sectionUrl(sectionId))
					.queryParams(query)
					.encode()
					.build()
					.toUriString();
			});
	}

	@PostMapping("/staff/sections/{sectionId}/bulk")
	@PreAuthorize(INBOX_ROLES)
	Mono<String> bulk(@PathVariable String sectionId, @AuthenticationPrincipal OidcUser user,
			ServerWebExchange exchange) {
		StaffMember staff = StaffMember.of(user);
		MultiValueMap<String, String> params = exchange.getRequest().getQueryParams();
		return Mono.zip(exchange.getFormData(), exchange.getSession()).flatMap((t) -> {
			MultiValueMap<String, String> form = t.getT1();
			InboxFilter filter = InboxFilter.parse(params, (token) -> NameSearches.find(t.getT2(), token));
			List<UUID> ids = new ArrayList<>();
			for (String value : form.getOrDefault("ids", List.of())) {
				try {
					ids.add(UUID.fromString(value));
				}
				catch (IllegalArgumentException ex) {
					// not one of ours: ignored like an id of another section
				}
			}
			String back = InboxService.sectionUrl(sectionId) + "?" + filter.toQuery()
					+ (filter.toQuery().isEmpty() ? "" : "&");
			return this.inbox.bulk(staff, sectionId, ids, InboxService.BulkAction.of(form.getFirst("action")))
				.map((outcome) -> "redirect:" + back + ((outcome.selected() == 0) ? "bulk=none"
						: "updated=" + outcome.changed() + "&skipped=" + (outcome.selected() - outcome.changed())));
		});
	}

	@GetMapping(path = "/staff/sections/{sectionId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@PreAuthorize(INBOX_ROLES)
	@ResponseBody
	Flux<ServerSentEvent<String>> events(@PathVariable String sectionId, @AuthenticationPrincipal OidcUser user,
			Lang lang) {
		return this.inbox.events(StaffMember.of(user), sectionId, lang);
	}

	private static InboxViews.Flash flash(MultiValueMap<String, String> params) {
		if ("none".equals(params.getFirst("bulk"))) {
			return new InboxViews.Flash(0, 0, true);
		}
		Integer updated = count(params.getFirst("updated"));
		if (updated == null) {
			return null;
		}
		Integer skipped = count(params.getFirst("skipped"));
		return new InboxViews.Flash(updated, (skipped != null) ? skipped : 0, false);
	}

	private static Integer count(String value) {
		if (value == null || !value.matches("\\d{1,3}")) {
			return null;
		}
		return Integer.valueOf(value);
	}

}
