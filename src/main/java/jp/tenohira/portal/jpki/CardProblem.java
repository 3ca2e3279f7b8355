package jp.tenohira.portal.jpki;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What can go wrong with the My Number card, in the words a resident is told (message
 * keys {@code card.problem.<code>.title} and {@code .body}). Errors reported by the
 * デジタル認証アプリ and outcomes of the portal's own signature check both map here; the code
 * travels in redirects, never any detail.
 */
public enum CardProblem {

	/** The resident cancelled in the app. */
	CANCELLED("cancelled", "access_denied"),
	/** A wrong PIN; the card counts the tries. */
	PIN_INCORRECT("pin-incorrect", "pin_incorrect"),
	/** Too many wrong PINs: the certificate is locked until reset at a counter. */
	PIN_LOCKED("pin-locked", "pin_locked"),
	/** The phone could not read the card. */
	CARD_NOT_READ("card-not-read", "card_read_failed"),
	/** The certificate has expired. */
	EXPIRED("expired", "certificate_expired"),
	/** The signature certificate was revoked because the address or name changed. */
	REVOKED_MOVED("revoked-moved", "certificate_revoked"),
	/** The signature certificate was revoked for another reason. */
	REVOKED("revoked"),
	/** No signature certificate (under 15, or never issued). */
	NO_SIGNATURE_CERTIFICATE("no-signature-certificate", "signature_certificate_unavailable"),
	/** The login was weaker than the procedure needs. */
	ASSURANCE("assurance", "insufficient_assurance"),
	/** The app or the revocation service could not be reached. */
	PROVIDER_DOWN("provider-down", "server_error", "temporarily_unavailable", "invalid_token_response"),
	/** What the resident signed is not what is in the application now (another tab). */
	CHANGED("changed"),
	/** The signature did not check out. */
	SIGNATURE_INVALID("signature-invalid"),
	/** Anything else. */
	OTHER("other");

	private final String code;

	private final String[] providerErrors;

	CardProblem(String code, String... providerErrors) {
		this.code = code;
		this.providerErrors = providerErrors;
	}

	/** The code used in redirects and message keys. */
	public String code() {
		return this.code;
	}

	/** The problem for an OAuth2 error code from the provider or the login machinery. */
	public static CardProblem fromProviderError(String error) {
		String value = (error != null) ? error.toLowerCase(Locale.ROOT) : "";
		return Arrays.stream(values())
			.filter((p) -> Arrays.asList(p.providerErrors).contains(value))
			.findFirst()
			.orElse(OTHER);
	}

	/** The problem named by a code from a redirect; unknown codes give nothing. */
	public static Optional<CardProblem> fromCode(String code) {
		return Arrays.stream(values()).filter((p) -> p.code.equals(code)).findFirst();
	}

}
