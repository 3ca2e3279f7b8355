package jp.tenohira.portal.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import jp.tenohira.portal.identity.StaffMember;

/**
 * One audit record. Never holds personal data of residents: targets are ids and receipt
 * numbers, details are ids, counts, filters by name only (not their values where those
 * could be personal, such as a kana name).
 *
 * @param actorKind STAFF, API, RESIDENT, ANONYMOUS or SYSTEM
 * @param actorIssuer the identity provider of the actor, if any
 * @param actorSubject the actor's stable id (OIDC subject or API client id)
 * @param actorName a display name for auditors
 * @param action what was done
 * @param targetType what kind of record (submission, attachment, section, route)
 * @param targetId which record
 * @param sectionId the section the record belongs to
 * @param purpose the purpose stated (for reveals)
 * @param outcome SUCCESS, DENIED or FAILED
 * @param detail further facts (status before and after, counts)
 */
public record AuditEntry(String actorKind, String actorIssuer, String actorSubject, String actorName,
		AuditAction action, String targetType, String targetId, String sectionId, String purpose, Outcome outcome,
		Map<String, Object> detail) {

	/** How it ended. */
	public enum Outcome {

		SUCCESS, DENIED, FAILED

	}

	public AuditEntry {
		detail = (detail != null) ? Map.copyOf(new LinkedHashMap<>(detail)) : Map.of();
	}

	/** A successful action by a member of staff. */
	public static AuditEntry staff(StaffMember staff, AuditAction action, String targetType, String targetId,
			String sectionId) {
		return new AuditEntry("STAFF", staff.issuer(), staff.subject(), staff.name(), action, targetType, targetId,
				sectionId, null, Outcome.SUCCESS, Map.of());
	}

	/** An API client's call. */
	public static AuditEntry api(String clientId, AuditAction action, String targetType, String targetId,
			String sectionId) {
		return new AuditEntry("API", null, clientId, clientId, action, targetType, targetId, sectionId, null,
				Outcome.SUCCESS, Map.of());
	}

	public AuditEntry withDetail(Map<String, Object> more) {
		Map<String, Object> merged = new LinkedHashMap<>(this.detail);
		merged.putAll(more);
		return new AuditEntry(this.actorKind, this.actorIssuer, this.actorSubject, this.actorName, this.action,
				this.targetType, this.targetId, this.sectionId, this.purpose, this.outcome, merged);
	}

	public AuditEntry withOutcome(Outcome outcome) {
		return new AuditEntry(this.actorKind, this.actorIssuer, this.actorSubject, this.actorName, this.action,
				this.targetType, this.targetId, this.sectionId, this.purpose, outcome, this.detail);
	}

	public AuditEntry withPurpose(String purpose) {
		return new AuditEntry(this.actorKind, this.actorIssuer, this.actorSubject, this.actorName, this.action,
				this.targetType, this.targetId, this.sectionId, purpose, this.outcome, this.detail);
	}

}
