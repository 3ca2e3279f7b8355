/**
 * Abuse protection: per-client token buckets (Bucket4j) on the actions that write,
 * answering 429 with Retry-After.
 */
package jp.tenohira.portal.ratelimit;
