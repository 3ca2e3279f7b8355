package jp.tenohira.portal.mynumber;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key pair My Numbers are encrypted with. Both come from the environment or a secret
 * store, never from the repository or the database.
 *
 * @param publicKey the staff side's public JWK (EC P-256, JSON): every node that receives
 * My Numbers encrypts to it; may be left out where the private key is set (it is derived)
 * @param privateKey the private JWK (EC P-256, JSON) that decrypts them: only on nodes in
 * the {@code staff} or {@code all} role; a {@code resident} node refuses to start with it
 */
@ConfigurationProperties("portal.my-number")
public record MyNumberProperties(String publicKey, String privateKey) {

	boolean hasPublicKey() {
		return this.publicKey != null && !this.publicKey.isBlank();
	}

	boolean hasPrivateKey() {
		return this.privateKey != null && !this.privateKey.isBlank();
	}

}
