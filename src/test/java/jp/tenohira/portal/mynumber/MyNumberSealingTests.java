package jp.tenohira.portal.mynumber;

import java.util.Base64;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.Test;

import jp.tenohira.portal.forms.MyNumberAnswer;
import jp.tenohira.portal.support.TestMyNumberKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Encryption to the staff side's key: a compact JWE (ECDH-ES, A256GCM) that only the
 * private key opens, that reveals nothing of the number, and that refuses tampering.
 */
class MyNumberSealingTests {

	private static final String NUMBER = "123456789018";

	private final ECKey key = TestMyNumberKeys.generate("sealing-test");

	private final MyNumberSealer sealer = new MyNumberSealer(this.key.toPublicJWK());

	private final MyNumberOpener opener = new MyNumberOpener(this.key);

	@Test
	void sealsAsCompactJweWithEcdhEsAndA256Gcm() throws Exception {
		String jwe = this.sealer.seal(NUMBER);
		JWEHeader header = JWEObject.parse(jwe).getHeader();
		assertThat(header.getAlgorithm()).isEqualTo(JWEAlgorithm.ECDH_ES);
		assertThat(header.getEncryptionMethod()).isEqualTo(EncryptionMethod.A256GCM);
		assertThat(header.getKeyID()).isEqualTo("sealing-test");
		assertThat(header.getEphemeralPublicKey()).isNotNull();
		assertThat(jwe.split("\\.", -1)).hasSize(5);
		assertThat(MyNumberAnswer.isSealed(jwe)).isTrue();
		assertThat(jwe).doesNotContain(NUMBER).doesNotContain(Base64.getUrlEncoder().encodeToString(NUMBER.getBytes()));
		assertThat(this.sealer.seal(NUMBER)).as("a fresh ephemeral key and IV each time").isNotEqualTo(jwe);
	}

	@Test
	void onlyThePrivateKeyOpensIt() {
		String jwe = this.sealer.seal(NUMBER);
		assertThat(this.opener.open(jwe)).isEqualTo(NUMBER);
		MyNumberOpener other = new MyNumberOpener(TestMyNumberKeys.generate("sealing-test"));
		assertThatExceptionOfType(MyNumberOpener.CannotOpenException.class).isThrownBy(() -> other.open(jwe))
			.withMessageNotContaining(NUMBER);
	}

	@Test
	void tamperedCiphertextIsRefused() {
		String jwe = this.sealer.seal(NUMBER);
		String[] parts = jwe.split("\\.", -1);
		char[] ciphertext = parts[3].toCharArray();
		ciphertext[0] = (ciphertext[0] == 'A') ? 'B' : 'A';
		String tampered = parts[0] + "." + parts[1] + "." + parts[2] + "." + new String(ciphertext) + "." + parts[4];
		assertThatExceptionOfType(MyNumberOpener.CannotOpenException.class)
			.isThrownBy(() -> this.opener.open(tampered));
		String cutTag = parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3] + ".AAAAAAAAAAAAAAAAAAAAAA";
		assertThatExceptionOfType(MyNumberOpener.CannotOpenException.class).isThrownBy(() -> this.opener.open(cutTag));
		assertThatExceptionOfType(MyNumberOpener.CannotOpenException.class)
			.isThrownBy(() -> this.opener.open("not a jwe"));
	}

	@Test
	void otherAlgorithmsAreRefusedEvenWithTheRightKey() throws Exception {
		JWEObject wrapped = new JWEObject(
				new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM).keyID("sealing-test")
					.build(),
				new Payload(NUMBER));
		wrapped.encrypt(new ECDHEncrypter(this.key.toPublicJWK()));
		assertThatExceptionOfType(MyNumberOpener.CannotOpenException.class)
			.isThrownBy(() -> this.opener.open(wrapped.serialize()));
	}

	@Test
	void onlyValidNumbersAreSealed() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.sealer.seal("123456789019"))
			.withMessageNotContaining("123456789019");
		assertThat(new MyNumberSealer(null).isAvailable()).isFalse();
	}

}
