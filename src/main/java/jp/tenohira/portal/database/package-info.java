/**
 * The database at start-up: create the portal's own database when missing, migrate it
 * with Flyway, and explain what to do when PostgreSQL cannot be reached.
 */
package jp.tenohira.portal.database;
