/**
 * Casework: the staff's screen for one submission (answers as the resident gave them,
 * attachments, what changed, history, notes) and the workflow actions taken from it.
 */
package jp.tenohira.portal.casework;
