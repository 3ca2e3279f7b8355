package jp.tenohira.portal.export;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

import jp.tenohira.portal.audit.AuditAction;
import jp.tenohira.portal.audit.AuditEntry;
import jp.tenohira.portal.audit.AuditLog;
import jp.tenohira.portal.forms.FormRegistry;
import jp.tenohira.portal.forms.ProcedureDefinition;
import jp.tenohira.portal.identity.StaffMember;
import jp.tenohira.portal.shared.CityTime;
import jp.tenohira.portal.shared.Lang;

/**
 * Exports a section's submissions of one procedure as CSV for a member of staff who works
 * in that section. The export is recorded in the audit trail before the first byte is
 * sent, and the rows stream from PostgreSQL in bounded memory whatever their number.
 */
@Service
class SubmissionExport {

	/** Records per chunk written to the response. */
	static final int ROWS_PER_CHUNK = 100;

	private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.BASIC_ISO_DATE;

	private final ExportQueries queries;

	private final FormRegistry registry;

	private final AuditLog audit;

	private final MessageSource messages;

	private final Clock clock;

	private final int maxConcurrent;

	private final AtomicInteger running = new AtomicInteger();

	SubmissionExport(ExportQueries queries, FormRegistry registry, AuditLog audit, MessageSource messages, Clock clock,
			@Value("${portal.export.max-concurrent:4}") int maxConcurrent) {
		this.queries = queries;
		this.registry = registry;
		this.audit = audit;
		this.messages = messages;
		this.clock = clock;
		this.maxConcurrent = maxConcurrent;
	}

	/**
	 * A file ready to stream.
	 *
	 * @param asciiFileName the name for clients that only read {@code filename}
	 * @param fileName the name with the procedure's Japanese title
	 * @param encoding how the bytes are encoded
	 * @param body the bytes, produced as the client reads them
	 */
	record Download(String asciiFileName, String fileName, CsvEncoding encoding, Flux<DataBuffer> body) {
	}

	/**
	 * The export, or a 404 when the procedure has no online form or the member of staff
	 * does not work in the section.
	 */
	Mono<Download> export(StaffMember staff, String sectionId, String procedureId, ExportFilter filter,
			CsvEncoding encoding) {
		if (staff == null || !staff.worksIn(sectionId)) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		ProcedureDefinition definition = this.registry.find(procedureId)
			.filter(ProcedureDefinition::online)
			.orElse(null);
		if (definition == null) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
		}
		// Each download holds a database connection for as long as the client takes: a
		// few at a time per node, so that exports can never take the pool from residents.
		if (this.running.get() >= this.maxConcurrent) {
			return Mono.error(new Busy());
		}
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("procedure", procedureId);
		detail.put("encoding", encoding.parameter());
		detail.putAll(filter.auditDetail());
		if (definition.hasMyNumber()) {
			detail.put("myNumber", "withheld");
		}
		AuditEntry entry = AuditEntry.staff(staff, AuditAction.EXPORT, "procedure", procedureId, sectionId)
			.withDetail(detail);
		String date = LocalDate.now(this.clock.withZone(CityTime.ZONE)).format(FILE_DATE);
		return this.audit.record(entry)
			.thenReturn(new Download(procedureId + "_" + date + ".csv",
					safeFileName(definition.title().in(Lang.JA)) + "_" + date + ".csv", encoding,
					body(definition, sectionId, filter, encoding)));
	}

	private Flux<DataBuffer> body(ProcedureDefinition definition, String sectionId, ExportFilter filter,
			CsvEncoding encoding) {
		return Flux.defer(() -> {
			CsvColumns columns = CsvColumns.of(definition,
					(status) -> this.messages.getMessage(status.messageKey(), null, status.name(), Locale.JAPANESE));
			CsvEncoding.Encoder encoder = encoding.encoder();
			Mono<DataBuffer> header = Mono.fromSupplier(() -> {
				byte[] preamble = encoding.preamble();
				byte[] line = encoder.encode(columns.headerLine());
				byte[] bytes = new byte[preamble.length + line.length];
				System.arraycopy(preamble, 0, bytes, 0, preamble.length);
				System.arraycopy(line, 0, bytes, preamble.length, line.length);
				return wrap(bytes);
			});
			Flux<DataBuffer> records = this.queries.rows(sectionId, definition.id(), filter)
				.map(columns::line)
				.buffer(ROWS_PER_CHUNK)
				.map((lines) -> wrap(encoder.encode(join(lines))));
			this.running.incrementAndGet();
			return Flux.concat(header, records).doFinally((signal) -> this.running.decrementAndGet());
		});
	}

	private static String join(List<String> lines) {
		StringBuilder chunk = new StringBuilder(lines.size() * 256);
		lines.forEach(chunk::append);
		return chunk.toString();
	}

	private static DataBuffer wrap(byte[] bytes) {
		return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
	}

	/** Too many exports are running on this node: try again shortly. */
	static final class Busy extends ResponseStatusException {

		static final String RETRY_AFTER_SECONDS = "30";

		Busy() {
			super(HttpStatus.SERVICE_UNAVAILABLE, "exports busy");
		}

	}

	/** A file name without path separators, quotes or control characters. */
	static String safeFileName(String name) {
		String cleaned = name.replaceAll("[\\p{Cntrl}\\\\/:*?\"<>|]+", "_").strip();
		return cleaned.isEmpty() ? "export" : cleaned;
	}

}
