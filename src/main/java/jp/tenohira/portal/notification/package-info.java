/**
 * Notifications to residents: e-mails about their submissions (receipt, correction
 * request, decision), sent from the outbox with retries and off the event loop.
 */
package jp.tenohira.portal.notification;
