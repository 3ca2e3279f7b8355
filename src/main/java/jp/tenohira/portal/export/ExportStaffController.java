package jp.tenohira.portal.export;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import jp.tenohira.portal.identity.StaffMember;
import jp.tenohira.portal.submission.SubmissionStatus;

/**
 * CSV download of a section's submissions of one procedure, for clerks of that section.
 */
@Controller
class ExportStaffController {

	private static final String ID = "[a-z0-9-]{1,64}";

	private final SubmissionExport export;

	ExportStaffController(SubmissionExport export) {
		this.export = export;
	}

	@GetMapping("/staff/sections/{sectionId}/procedures/{procedureId}/export.csv")
	@PreAuthorize("hasRole('CLERK')")
	Mono<ResponseEntity<Flux<DataBuffer>>> export(@PathVariable String sectionId, @PathVariable String procedureId,
			@RequestParam(required = false) String encoding, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String status,
			@AuthenticationPrincipal OidcUser user, ServerWebExchange exchange) {
		if (!sectionId.matches(ID) || !procedureId.matches(ID)) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		CsvEncoding csvEncoding = CsvEncoding.parse(encoding).orElseThrow(ExportStaffController::badRequest);
		ExportFilter filter = new ExportFilter(date(from), date(to), status(status));
		return this.export.export(StaffMember.of(user), sectionId, procedureId, filter, csvEncoding)
			.map((download) -> ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_TYPE, "text/csv; charset=" + download.encoding().headerName())
				.header(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(download))
				.header(HttpHeaders.CACHE_CONTROL, "no-store")
				.body(download.body()))
			.doOnError(SubmissionExport.Busy.class,
					(busy) -> exchange.getResponse()
						.getHeaders()
						.set(HttpHeaders.RETRY_AFTER, SubmissionExport.Busy.RETRY_AFTER_SECONDS));
	}

	/**
	 * {@code attachment} with an ASCII name for old clients and the Japanese name as RFC
	 * 6266 / RFC 5987 {@code filename*}.
	 */
	static String contentDisposition(SubmissionExport.Download download) {
		String encoded = URLEncoder.encode(download.fileName(), StandardCharsets.UTF_8).replace("+", "%20");
		return "attachment; filename=\"" + download.asciiFileName() + "\"; filename*=UTF-8''" + encoded;
	}

	private static LocalDate date(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw badRequest();
		}
	}

	private static SubmissionStatus status(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return SubmissionStatus.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException ex) {
			throw badRequest();
		}
	}

	private static ResponseStatusException badRequest() {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST);
	}

}
