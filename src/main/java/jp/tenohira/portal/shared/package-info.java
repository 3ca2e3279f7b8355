/**
 * A handful of tiny value types shared by every feature: languages, localised text, the
 * city clock and Japanese text folding.
 */
package jp.tenohira.portal.shared;
