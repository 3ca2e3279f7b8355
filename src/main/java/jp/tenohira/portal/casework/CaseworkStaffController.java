package jp.tenohira.portal.casework;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import jp.tenohira.portal.identity.StaffMember;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.jpki.SubmissionSignatures;
import jp.tenohira.portal.submission.SubmissionWorkflow.Command;
import jp.tenohira.portal.submission.WorkflowException;

/**
 * The case screen and its actions. Every action is a POST with the CSRF token that
 * redirects back (303) with a success message, or shows the screen again with the refusal
 * and what was entered. Method security states the role each action needs; the workflow
 * checks it again, and the section check happens where the case is loaded.
 */
@Controller
class CaseworkStaffController {

	private static final String VIEW = "casework/detail";

	private static final java.util.Set<String> DONE = java.util.Set.of("start-review", "request-correction", "approve",
			"reject", "complete", "transfer", "assign", "unassign", "note");

	private final Casework casework;

	private final SubmissionSignatures signatures;

	CaseworkStaffController(Casework casework, SubmissionSignatures signatures) {
		this.casework = casework;
		this.signatures = signatures;
	}

	@GetMapping("/staff/submissions/{id}")
	@PreAuthorize("hasRole('STAFF')")
	public Mono<String> detail(@PathVariable UUID id, @RequestParam(name = "done", required = false) String done,
			ServerWebExchange exchange, @AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		StaffMember staff = staff(user, model);
		String doneAction = (done != null && DONE.contains(done)) ? done : null;
		return this.casework.view(id, staff, lang, Casework.Screen.plain(doneAction)).flatMap((view) -> {
			model.addAttribute("view", view);
			// the signature line: what was found at submission (the details page has
			// the rest)
			return this.signatures.validAtSubmission(id)
				.doOnNext((valid) -> model.addAttribute("signatureValid", valid))
				.thenReturn(VIEW);
		});
	}

	@PostMapping("/staff/submissions/{id}/start-review")
	@PreAuthorize("hasRole('CLERK')")
	public Mono<String> startReview(@PathVariable UUID id, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		return act(id, "start-review", (form) -> new Command.StartReview(), exchange, user, lang, model);
	}

	@PostMapping("/staff/submissions/{id}/request-correction")
	@PreAuthorize("hasRole('CLERK')")
	public Mono<String> requestCorrection(@PathVariable UUID id, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		return act(id, "request-correction", (form) -> new Command.RequestCorrection(form.fields(), form.message()),
				exchange, user, lang, model);
	}

	@PostMapping("/staff/submissions/{id}/approve")
	@PreAuthorize("hasRole('APPROVER')")
	public Mono<String> approve(@PathVariable UUID id, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		return act(id, "approve", (form) -> new Command.Approve(), exchange, user, lang, model);
	}

	@PostMapping("/staff/submissions/{id}/reject")
	@PreAuthorize("hasRole('APPROVER')")
	public Mono<String> reject(@PathVariable UUID id, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		return act(id, "reject", (form) -> new Command.Reject(form.reason()), exchange, user, lang, model);
	}

	@PostMapping("/staff/submissions/{id}/complete")
	@PreAuthorize("hasRole('CLERK')")
	public Mono<String> complete(@PathVariable UUID id, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		return act(id, "complete", (form) -> new Command.Complete(), exchange, user, lang, model);
	}

	@PostMapping("/staff/submissions/{id}/transfer")
	@PreAuthorize("hasRole('CLERK')")
	public Mono<String> transfer(@PathVariable UUID id, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		return act(id, "transfer", (form) -> new Command.Transfer(form.section().isEmpty() ? null : form.section()),
				exchange, user, lang, model);
	}

	@PostMapping("/staff/submissions/{id}/assign")
	@PreAuthorize("hasRole('CLERK')")
	public Mono<String> assignToMe(@PathVariable UUID id, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		StaffMember staff = StaffMember.of(user);
		return act(id, "assign", (form) -> new Command.Assign(staff.subject(), staff.name()), exchange, user, lang,
				model);
	}

	@PostMapping("/staff/submissions/{id}/unassign")
	@PreAuthorize("hasRole('CLERK')")
	public Mono<String> unassign(@PathVariable UUID id, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		return act(id, "unassign", (form) -> new Command.Assign(null, null), exchange, user, lang, model);
	}

	@PostMapping("/staff/submissions/{id}/notes")
	@PreAuthorize("hasAnyRole('CLERK', 'APPROVER')")
	public Mono<String> addNote(@PathVariable UUID id, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		StaffMember staff = staff(user, model);
		return exchange.getFormData()
			.map(CaseForm::of)
			.flatMap((form) -> this.casework.addNote(id, staff, form.note())
				.thenReturn(redirect(id, "note"))
				.onErrorResume(NoteRefusedException.class,
						(ex) -> refused(id, staff, lang, model, exchange, form, ex.messageKey(), "note")));
	}

	/**
	 * Reveals a stored My Number once, to a holder of the My Number role who states a
	 * purpose: answered with a page of its own that no cache may keep (not a redirect, so
	 * the number is never stored to survive one). Without a purpose the case screen comes
	 * back with the refusal.
	 */
	@PostMapping("/staff/submissions/{id}/my-number/reveal")
	@PreAuthorize("hasRole('MY_NUMBER_HANDLER')")
	public Mono<String> revealMyNumber(@PathVariable UUID id, ServerWebExchange exchange,
			@AuthenticationPrincipal OidcUser user, Lang lang, Model model) {
		StaffMember staff = staff(user, model);
		return exchange.getFormData()
			.map(CaseForm::of)
			.flatMap((form) -> this.casework.reveal(id, staff, form, lang).map((revealed) -> {
				HttpHeaders headers = exchange.getResponse().getHeaders();
				headers.setCacheControl(CacheControl.noStore());
				headers.setPragma("no-cache");
				model.addAttribute("revealed", revealed);
				return "casework/my-number";
			})
				.onErrorResume(RevealRefusedException.class, (ex) -> refused(id, staff, lang, model, exchange,
						form.withPurposeMasked(), ex.messageKey(), "my-number-reveal-" + form.field())));
	}

	@GetMapping("/staff/submissions/{id}/attachments/{attachmentId}")
	@PreAuthorize("hasRole('STAFF')")
	public Mono<ResponseEntity<byte[]>> download(@PathVariable UUID id, @PathVariable UUID attachmentId,
			ServerWebExchange exchange, @AuthenticationPrincipal OidcUser user) {
		StaffMember staff = StaffMember.of(user);
		return this.casework.download(id, attachmentId, staff)
			.map((file) -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.header(HttpHeaders.CONTENT_DISPOSITION, Downloads.attachment(file.fileName()))
				.header("X-Content-Type-Options", "nosniff")
				.header("Content-Security-Policy", "sandbox; default-src 'none'")
				.cacheControl(CacheControl.noStore())
				.body(file.content()));
	}

	/**
	 * The not-found page, rendered like any other view: raised from a database thread and
	 * left to the error handler, the response went out before the request finished, and
	 * Reactor Netty 1.3.6 then sometimes stopped reading the keep-alive connection's next
	 * request.
	 */
	@ExceptionHandler(CaseNotFoundException.class)
	String notFound(ServerWebExchange exchange) {
		exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
		return "error/404";
	}

	private Mono<String> act(UUID id, String action, Function<CaseForm, Command> command, ServerWebExchange exchange,
			OidcUser user, Lang lang, Model model) {
		StaffMember staff = staff(user, model);
		return exchange.getFormData()
			.map(CaseForm::of)
			.flatMap((form) -> this.casework.act(id, staff, command.apply(form))
				.map((outcome) -> outcome.stillVisible() ? redirect(id, action) : "redirect:/staff?done=" + action)
				.onErrorResume(WorkflowException.class,
						(ex) -> refused(id, staff, lang, model, exchange, form, ex.messageKey(), action)));
	}

	private Mono<String> refused(UUID id, StaffMember staff, Lang lang, Model model, ServerWebExchange exchange,
			CaseForm form, String errorKey, String action) {
		return this.casework.view(id, staff, lang, new Casework.Screen(form, errorKey, action, null)).map((view) -> {
			exchange.getResponse().setStatusCode(HttpStatus.UNPROCESSABLE_CONTENT);
			model.addAttribute("view", view);
			return VIEW;
		});
	}

	private static String redirect(UUID id, String action) {
		return "redirect:/staff/submissions/" + id + "?done=" + action;
	}

	/** The logged-in member of staff, also put in the model for the layout. */
	static StaffMember staff(OidcUser user, Model model) {
		StaffMember staff = StaffMember.of(user);
		if (staff == null) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN);
		}
		model.addAttribute("staffMember", staff);
		return staff;
	}

	/** Content-Disposition for downloads. */
	static final class Downloads {

		private Downloads() {
		}

		/**
		 * {@code attachment} with an ASCII fallback name and the real name in RFC 5987
		 * form, so no browser ever shows or saves it inline.
		 */
		static String attachment(String fileName) {
			String name = (fileName == null || fileName.isBlank()) ? "attachment" : fileName;
			StringBuilder ascii = new StringBuilder();
			for (int i = 0; i < name.length(); i++) {
				char c = name.charAt(i);
				ascii.append((c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' && c != '%') ? c : '_');
			}
			StringBuilder encoded = new StringBuilder();
			for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
				int c = b & 0xff;
				if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
						|| "!#$&+-.^_`|~".indexOf(c) >= 0) {
					encoded.append((char) c);
				}
				else {
					encoded.append('%')
						.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
						.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
				}
			}
			return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
		}

	}

}
