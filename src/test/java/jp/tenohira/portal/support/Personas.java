package jp.tenohira.portal.support;

import java.util.List;

/**
 * The people and systems tests act as. Section X is 環境政策課 (粗大ごみ arrives there), section Y
 * is お客様サービス課 (施設見学 of the water plant arrives there).
 */
public final class Personas {

	public static final String SECTION_X = "kankyou-seisaku";

	public static final String SECTION_Y = "okyakusama-service";

	public static final String API_CLIENT_X = "core-kankyou";

	public static final String API_CLIENT_Y = "core-suidou";

	/** A member of staff as the staff identity provider describes them. */
	public record Staff(String subject, String name, List<String> roles, List<String> sections) {
	}

	public static final Staff CLERK_X = new Staff("clerk-x", "環境 一郎", List.of("clerk"), List.of(SECTION_X));

	public static final Staff CLERK_Y = new Staff("clerk-y", "水道 二郎", List.of("clerk"), List.of(SECTION_Y));

	public static final Staff APPROVER_X = new Staff("approver-x", "環境 課長", List.of("clerk", "approver"),
			List.of(SECTION_X));

	public static final Staff AUDITOR = new Staff("auditor", "監査 三郎", List.of("auditor"), List.of());

	public static final Staff DX_EDITOR = new Staff("dx-editor", "DX 編集", List.of("dx-editor"), List.of());

	public static final Staff DX_PUBLISHER = new Staff("dx-publisher", "DX 公開", List.of("dx-publisher"), List.of());

	private Personas() {
	}

}
