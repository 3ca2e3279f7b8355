package jp.tenohira.portal.casework;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * No such case in the staff member's sections (or no such attachment of it): both answer
 * 404, so nobody can probe for other sections' cases.
 */
class CaseNotFoundException extends ResponseStatusException {

	CaseNotFoundException() {
		super(HttpStatus.NOT_FOUND);
	}

}
