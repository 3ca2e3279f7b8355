/**
 * A resident's application: drafts saved at every step, attachments, the multi-step flow
 * and the idempotent submit that issues a receipt number (受付番号) and writes the outbox
 * entry that routes it to a section.
 */
package jp.tenohira.portal.submission;
