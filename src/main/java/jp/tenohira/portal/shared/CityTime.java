package jp.tenohira.portal.shared;

import java.time.ZoneId;

/**
 * The city's time zone, defined in one place: every date a resident sees or enters is in
 * Japan Standard Time.
 */
public final class CityTime {

	public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

	private CityTime() {
	}

}
