package jp.tenohira.portal.submission;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.server.ServerWebExchange;

import jp.tenohira.portal.forms.Answers;

/**
 * A page's posted form, URL-encoded or multipart: the answers, the button pressed and any
 * files.
 */
record PostedForm(Answers answers, ApplicationService.PageAction action, Map<String, FilePart> files) {

	/**
	 * An uploaded file read into memory, or marked too large without reading more than
	 * the limit.
	 */
	record UploadedFile(String name, byte[] content, boolean tooLarge) {
	}

	static Mono<PostedForm> read(ServerWebExchange exchange) {
		MediaType type = exchange.getRequest().getHeaders().getContentType();
		if (type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
			return exchange.getMultipartData().map((parts) -> {
				Map<String, List<String>> values = new LinkedHashMap<>();
				Map<String, FilePart> files = new LinkedHashMap<>();
				parts.forEach((name, list) -> {
					for (Part part : list) {
						if (part instanceof FormFieldPart field) {
							values.computeIfAbsent(name, (k) -> new ArrayList<>()).add(field.value());
						}
						else if (part instanceof FilePart file && !file.filename().isBlank()) {
							files.put(name.endsWith(".upload") ? name.substring(0, name.length() - 7) : name, file);
						}
					}
				});
				return of(values, files);
			});
		}
		return exchange.getFormData().map((form) -> of(new LinkedHashMap<>(form), Map.of()));
	}

	private static PostedForm of(Map<String, List<String>> values, Map<String, FilePart> files) {
		List<String> action = values.getOrDefault("_action", List.of("next"));
		return new PostedForm(new Answers(values), action(action.isEmpty() ? "next" : action.get(0)), files);
	}

	static ApplicationService.PageAction action(String value) {
		String[] parts = value.split(":");
		return switch (parts[0]) {
			case "back" -> new ApplicationService.PageAction.Back();
			case "add" -> (parts.length == 2) ? new ApplicationService.PageAction.AddItem(parts[1])
					: new ApplicationService.PageAction.Next();
			case "remove" -> (parts.length == 3 && parts[2].matches("\\d{1,2}"))
					? new ApplicationService.PageAction.RemoveItem(parts[1], Integer.parseInt(parts[2]))
					: new ApplicationService.PageAction.Next();
			case "lookup" -> (parts.length == 2) ? new ApplicationService.PageAction.LookupAddress(parts[1])
					: new ApplicationService.PageAction.Next();
			case "remove-file" -> (parts.length == 2) ? new ApplicationService.PageAction.RemoveFile(parts[1])
					: new ApplicationService.PageAction.Next();
			default -> new ApplicationService.PageAction.Next();
		};
	}

	/** Reads one uploaded file, never buffering more than {@code limit} bytes. */
	Mono<UploadedFile> read(String fieldId, int limit) {
		FilePart file = this.files.get(fieldId);
		return DataBufferUtils.join(file.content(), limit + 1).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return new UploadedFile(file.filename(), bytes, bytes.length > limit);
		})
			.defaultIfEmpty(new UploadedFile(file.filename(), new byte[0], false))
			.onErrorResume(DataBufferLimitException.class,
					(ex) -> Mono.just(new UploadedFile(file.filename(), null, true)));
	}

}
