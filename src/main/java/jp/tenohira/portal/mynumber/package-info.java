/**
 * My Numbers (個人番号): checked and encrypted on arrival to the staff side's public key, so
 * that resident-facing nodes store only what they cannot read; decrypted only on
 * staff-facing nodes that hold the private key.
 */
package jp.tenohira.portal.mynumber;
