package jp.tenohira.portal.backoffice;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A refusal the API explains with a stable machine-readable code (RFC 9457 problem
 * details, {@code code} member). Carries no internals.
 */
class ApiProblem extends ResponseStatusException {

	private final String code;

	private final String detail;

	ApiProblem(HttpStatus status, String code, String detail) {
		super(status, code);
		this.code = code;
		this.detail = detail;
	}

	static ApiProblem notFound() {
		return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "No such resource for this client.");
	}

	static ApiProblem badRequest(String code, String detail) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, code, detail);
	}

	String code() {
		return this.code;
	}

	String detail() {
		return this.detail;
	}

}
