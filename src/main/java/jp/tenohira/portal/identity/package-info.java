/**
 * Who is using the portal: resident login through OpenID Connect, CSRF protection without
 * server sessions for anonymous visitors, and the session rules.
 */
package jp.tenohira.portal.identity;
