/**
 * Section inboxes: the relay that turns outbox entries into items in the handling
 * section's queue, and the staff screens that work a section's submissions (start page,
 * filtered lists with keyset paging, bulk actions, live arrivals over server-sent
 * events).
 */
package jp.tenohira.portal.inbox;
