/**
 * The My Number card through the デジタル認証アプリ: client keys, the sign-transactions API,
 * signature verification against the J-LIS trust anchors and revocation checks.
 */
package jp.tenohira.portal.jpki;
