/**
 * The catalog of all procedures, online or not: browse by life event and department, and
 * search that understands how Japanese is typed.
 */
package jp.tenohira.portal.catalog;
