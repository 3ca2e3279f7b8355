package jp.tenohira.portal.identity;

import java.util.Locale;
import java.util.Optional;

/**
 * What a member of staff may do. The staff identity provider states roles in a claim (by
 * default {@code roles}) using the codes below; each becomes the authority
 * {@code ROLE_<NAME>}.
 */
public enum StaffRole {

	/** 担当: works a section's inbox, requests corrections, completes, transfers. */
	CLERK("clerk"),
	/** 決裁: approves and rejects. */
	APPROVER("approver"),
	/** マイナンバー取扱者: may see My Numbers (issue #4). */
	MY_NUMBER_HANDLER("my-number-handler"),
	/** 監査: reads the audit trail. */
	AUDITOR("auditor"),
	/** DX 編集: edits procedure definitions. */
	DX_EDITOR("dx-editor"),
	/** DX 公開: publishes procedure definitions. */
	DX_PUBLISHER("dx-publisher");

	private final String code;

	StaffRole(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	public String authority() {
		return "ROLE_" + name();
	}

	static Optional<StaffRole> fromCode(String code) {
		String normalised = code.strip().toLowerCase(Locale.ROOT).replace('_', '-');
		for (StaffRole role : values()) {
			if (role.code.equals(normalised)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

}
