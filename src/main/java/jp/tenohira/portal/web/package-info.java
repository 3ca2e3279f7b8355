/**
 * Cross-cutting web concerns: language choice, layout model, security headers with CSP
 * nonces, error pages and start-up readiness.
 */
package jp.tenohira.portal.web;
