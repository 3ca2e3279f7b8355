package jp.tenohira.portal.casework;

import java.util.Optional;

/**
 * Why a member of staff reveals a My Number; each reveal records one of these with the
 * staff member's own words in the audit trail.
 */
enum RevealPurpose {

	/** 受給資格・要件の審査. */
	ELIGIBILITY("eligibility"),
	/** 基幹系システムへの登録・照合. */
	CORE_SYSTEM("core-system"),
	/** 申請者からの問い合わせへの対応. */
	INQUIRY("inquiry"),
	/** その他（詳細に書く）. */
	OTHER("other");

	private final String code;

	RevealPurpose(String code) {
		this.code = code;
	}

	String code() {
		return this.code;
	}

	String messageKey() {
		return "casework.myNumber.purpose." + this.code;
	}

	static Optional<RevealPurpose> of(String code) {
		for (RevealPurpose purpose : values()) {
			if (purpose.code.equals(code)) {
				return Optional.of(purpose);
			}
		}
		return Optional.empty();
	}

}
