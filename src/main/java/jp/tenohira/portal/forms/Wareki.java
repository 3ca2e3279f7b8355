package jp.tenohira.portal.forms;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jp.tenohira.portal.shared.JapaneseText;

/**
 * Japanese era dates (和暦): residents may type 令和7年4月1日, R7.4.1 or 2025-04-01, and see
 * dates shown with the era.
 */
public final class Wareki {

	private static final Pattern ERA_DATE = Pattern
		.compile("^(令和|平成|昭和|大正|[RHST])\\s*(元|\\d{1,2})\\s*[年./-]\\s*(\\d{1,2})\\s*[月./-]\\s*(\\d{1,2})\\s*日?$");

	private static final Pattern WESTERN_DATE = Pattern
		.compile("^(\\d{4})\\s*[年./-]\\s*(\\d{1,2})\\s*[月./-]\\s*(\\d{1,2})\\s*日?$");

	private static final Map<String, JapaneseEra> ERAS = Map.of("令和", JapaneseEra.REIWA, "R", JapaneseEra.REIWA, "平成",
			JapaneseEra.HEISEI, "H", JapaneseEra.HEISEI, "昭和", JapaneseEra.SHOWA, "S", JapaneseEra.SHOWA, "大正",
			JapaneseEra.TAISHO, "T", JapaneseEra.TAISHO);

	private Wareki() {
	}

	/**
	 * Parses an ISO, western or era date as residents type it; empty if it is not a real
	 * date.
	 */
	public static Optional<LocalDate> parse(String input) {
		String text = JapaneseText.nfkc(input).toUpperCase(Locale.ROOT);
		try {
			Matcher era = ERA_DATE.matcher(text);
			if (era.matches()) {
				int year = era.group(2).equals("元") ? 1 : Integer.parseInt(era.group(2));
				JapaneseDate date = JapaneseDate.of(ERAS.get(era.group(1)), year, Integer.parseInt(era.group(3)),
						Integer.parseInt(era.group(4)));
				return Optional.of(LocalDate.from(date));
			}
			Matcher western = WESTERN_DATE.matcher(text);
			if (western.matches()) {
				return Optional.of(LocalDate.of(Integer.parseInt(western.group(1)), Integer.parseInt(western.group(2)),
						Integer.parseInt(western.group(3))));
			}
		}
		catch (DateTimeException | NumberFormatException ex) {
			return Optional.empty();
		}
		return Optional.empty();
	}

	/** 令和7年4月1日 (with 元年 for the first year of an era). */
	public static String format(LocalDate date) {
		JapaneseDate japanese = JapaneseDate.from(date);
		int year = japanese.get(ChronoField.YEAR_OF_ERA);
		return japanese.getEra().getDisplayName(TextStyle.FULL, Locale.JAPAN) + ((year == 1) ? "元" : year) + "年"
				+ date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
	}

	/** The era and year alone, e.g. 令和7年, for hints next to a western year. */
	public static String eraYear(LocalDate date) {
		JapaneseDate japanese = JapaneseDate.from(date);
		int year = japanese.get(ChronoField.YEAR_OF_ERA);
		return japanese.getEra().getDisplayName(TextStyle.FULL, Locale.JAPAN) + ((year == 1) ? "元" : year) + "年";
	}

}
