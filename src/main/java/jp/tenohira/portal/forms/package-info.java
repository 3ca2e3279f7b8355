/**
 * Procedure definitions: the declarative model DX staff write under {@code forms/}, its
 * loader and checks, conditions, routing rules and the validation of residents' answers
 * against it.
 */
package jp.tenohira.portal.forms;
