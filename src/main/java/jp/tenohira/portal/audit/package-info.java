/**
 * The audit trail: every staff list, view, download, export and status change and every
 * back-office API call is recorded (who, when, what, outcome) in an append-only table,
 * and auditors search it.
 */
package jp.tenohira.portal.audit;
