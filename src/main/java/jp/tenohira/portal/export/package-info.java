/**
 * CSV export of a section's submissions of one procedure for staff and older core tools:
 * one column per field, streamed from PostgreSQL, formula-neutralised.
 */
package jp.tenohira.portal.export;
