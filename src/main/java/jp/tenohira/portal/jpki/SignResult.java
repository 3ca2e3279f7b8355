package jp.tenohira.portal.jpki;

import java.security.cert.X509Certificate;

/**
 * A sign transaction's result as the デジタル認証アプリ returns it, decrypted: nothing is verified
 * yet (that is {@link SignatureVerifier}'s job).
 *
 * @param digest the SHA-256 digest that was signed
 * @param signature the RSA PKCS#1 v1.5 signature over DigestInfo(SHA-256, digest)
 * @param certificate the resident's signature certificate
 */
public record SignResult(byte[] digest, byte[] signature, X509Certificate certificate) {

	@Override
	public String toString() {
		return "SignResult[serial=" + this.certificate.getSerialNumber().toString(16) + "]";
	}

}
