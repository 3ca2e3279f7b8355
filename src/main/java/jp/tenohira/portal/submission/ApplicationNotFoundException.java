package jp.tenohira.portal.submission;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The draft or page does not exist, or belongs to someone else: both answer 404 so nobody
 * can probe for others' data.
 */
public class ApplicationNotFoundException extends ResponseStatusException {

	public ApplicationNotFoundException() {
		super(HttpStatus.NOT_FOUND);
	}

}
