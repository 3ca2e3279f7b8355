/**
 * Section inboxes: the relay that turns outbox entries into items in the handling
 * section's queue (staff screens come later).
 */
package jp.tenohira.portal.inbox;
