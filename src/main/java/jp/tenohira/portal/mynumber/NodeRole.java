package jp.tenohira.portal.mynumber;

import java.util.Locale;

/**
 * Which side of the city's network a node serves ({@code portal.node-role}). Municipal
 * networks are split in three (三層の対策): the resident-facing portal runs on the internet
 * side and must not be able to read the My Numbers it receives; staff work from the LGWAN
 * side, where the key that decrypts them is kept.
 */
public enum NodeRole {

	/** Everything on one node: development and small test set-ups. */
	ALL("all"),
	/**
	 * Internet-facing: residents' pages only; holds the public key, never the private
	 * one.
	 */
	RESIDENT("resident"),
	/** LGWAN-facing: staff screens, export and API; may hold the private key. */
	STAFF("staff");

	/** The property that names the role. */
	public static final String PROPERTY = "portal.node-role";

	private final String code;

	NodeRole(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	/** The role a property value names; {@code all} when it is not set. */
	public static NodeRole of(String value) {
		if (value == null || value.isBlank()) {
			return ALL;
		}
		String code = value.strip().toLowerCase(Locale.ROOT);
		for (NodeRole role : values()) {
			if (role.code.equals(code)) {
				return role;
			}
		}
		throw new MyNumberKeyException(PROPERTY + " must be all, resident or staff, not '" + value.strip() + "'");
	}

	/** Whether this node may hold the key that decrypts My Numbers. */
	public boolean mayDecrypt() {
		return this != RESIDENT;
	}

}
