package jp.tenohira.portal.submission;

import java.util.UUID;

/**
 * A signature started in the デジタル認証アプリ: the state (only its hash is kept), the draft, the
 * app's transaction, the digest of what was shown, and the nonce and PKCE verifier of the
 * authorization request.
 */
record PendingSignature(String stateHash, UUID draftId, String transactionId, byte[] documentSha256, String nonce,
		String codeVerifier, String redirectUri) {

	@Override
	public String toString() {
		return "PendingSignature[" + this.draftId + "]";
	}

}
