package jp.tenohira.portal.audit;

/**
 * What was done, as recorded in the audit trail.
 */
public enum AuditAction {

	/** An inbox list or count was shown. */
	INBOX_LIST,
	/** Live inbox updates were subscribed to. */
	INBOX_SUBSCRIBE,
	/** A submission's detail was shown. */
	SUBMISSION_VIEW,
	/** An attachment was downloaded. */
	ATTACHMENT_DOWNLOAD,
	/** Submissions were exported as CSV. */
	EXPORT,
	/** A workflow command (status change, correction request, transfer, assignment). */
	STATUS_CHANGE,
	/** A note was added. */
	NOTE_ADD,
	/** A back-office API call. */
	API_CALL,
	/** A request was refused for lack of rights. */
	ACCESS_DENIED,
	/** The audit trail was searched. */
	AUDIT_SEARCH,
	/** A My Number was revealed (with a purpose). */
	MY_NUMBER_REVEAL,
	/** A submission's electronic signature was checked again. */
	SIGNATURE_VERIFY

}
