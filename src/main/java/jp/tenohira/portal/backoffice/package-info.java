/**
 * The back-office API ({@code /api/v1}) for core systems and RPA robots: new and changed
 * submissions of a section since a cursor, one submission with its attachments, and
 * idempotent status updates, for OAuth2 client-credentials clients limited to their
 * sections. Described by {@code docs/api/openapi.yaml}.
 */
package jp.tenohira.portal.backoffice;
