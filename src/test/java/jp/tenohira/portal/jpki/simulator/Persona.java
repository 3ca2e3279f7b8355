package jp.tenohira.portal.jpki.simulator;

import java.util.Locale;

/**
 * The card holders the test CA and the デジタル認証アプリ simulator know. The id (for example
 * {@code moved}) is what the simulator's page and its {@code persona} parameter use.
 */
public enum Persona {

	/** 郡山 太郎: a valid card with both certificates. */
	VALID,

	/**
	 * 安積 花子: moved house, so her signature certificate was revoked (affiliationChanged);
	 * she still authenticates and signs, only a revocation check finds it.
	 */
	MOVED,

	/** 田村 一郎: both certificates have expired. */
	EXPIRED,

	/**
	 * 郡山 小太郎: under 15, so the card has no signature certificate and the provider gives
	 * no 基本4情報.
	 */
	UNDER15;

	/** The id used on the simulator's page and in its {@code persona} parameter. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Whether the card carries a signature certificate (署名用電子証明書). */
	public boolean hasSignatureCertificate() {
		return this != UNDER15;
	}

	/**
	 * The persona with the given id.
	 * @throws IllegalArgumentException for an unknown id
	 */
	public static Persona fromId(String id) {
		for (Persona persona : values()) {
			if (persona.id().equals(id)) {
				return persona;
			}
		}
		throw new IllegalArgumentException("Unknown persona");
	}

}
