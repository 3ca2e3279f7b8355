package jp.tenohira.portal.inbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.util.MultiValueMap;

import jp.tenohira.portal.shared.JapaneseText;
import jp.tenohira.portal.submission.SubmissionStatus;

/**
 * What an inbox list shows: parsed from the list's query parameters (and, for the kana
 * name, from the session), with the raw values kept to show the form again. Anything that
 * does not parse is left out of the query and named in {@link #invalid()}.
 *
 * @param status {@code open} (the default), {@code all} or one {@link SubmissionStatus}
 * name
 * @param procedure a procedure id, or {@code null}
 * @param from received on or after this day (city time), or {@code null}
 * @param to received on or before this day (city time), or {@code null}
 * @param assignee whose cases
 * @param receipt an exact receipt number, or {@code null}
 * @param kana the normalised kana prefix ({@link JapaneseText#kanaKey}), or {@code null}
 * @param kanaToken the session key the kana is kept under (the kana itself never goes
 * into a URL), or {@code null}
 * @param sort newest or oldest first
 * @param after where the previous page ended, or {@code null} for the first page
 * @param form the values as typed, to fill the form again
 * @param invalid names of the fields whose values were not understood
 */
record InboxFilter(String status, String procedure, LocalDate from, LocalDate to, Assignee assignee, String receipt,
		String kana, String kanaToken, Sort sort, InboxCursor after, Map<String, String> form, Set<String> invalid) {

	static final String OPEN = "open";

	static final String ALL = "all";

	private static final Pattern PROCEDURE = Pattern.compile("[a-z0-9-]{1,64}");

	private static final Pattern RECEIPT = Pattern.compile("[A-Za-z0-9-]{1,20}");

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,32}");

	private static final int MAX_KANA = 40;

	/** Whose cases a list shows. */
	enum Assignee {

		ANYONE, ME, UNASSIGNED;

		String param() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** Which end of the list comes first. */
	enum Sort {

		NEWEST, OLDEST;

		String param() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	InboxFilter {
		form = Map.copyOf(form);
		invalid = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(invalid));
	}

	/** The default view: open cases, anyone's, newest first. */
	static InboxFilter defaults() {
		return parse(new org.springframework.util.LinkedMultiValueMap<>(), (token) -> Optional.empty());
	}

	/**
	 * Reads a list's parameters; {@code kanaByToken} finds the kana a {@code name} token
	 * stands for.
	 */
	static InboxFilter parse(MultiValueMap<String, String> params,
			java.util.function.Function<String, Optional<String>> kanaByToken) {
		Map<String, String> form = new java.util.LinkedHashMap<>();
		Set<String> invalid = new LinkedHashSet<>();

		String status = OPEN;
		String statusParam = first(params, "status");
		if (!statusParam.isEmpty()) {
			String normalised = statusParam.toUpperCase(Locale.ROOT).replace('-', '_');
			if (statusParam.equalsIgnoreCase(ALL)) {
				status = ALL;
			}
			else if (!statusParam.equalsIgnoreCase(OPEN)) {
				status = statusOf(normalised).map(Enum::name).orElse(OPEN);
			}
		}
		form.put("status", status);

		String procedure = first(params, "procedure");
		if (!PROCEDURE.matcher(procedure).matches()) {
			procedure = null;
		}
		form.put("procedure", (procedure != null) ? procedure : "");

		LocalDate from = date(params, "from", form, invalid);
		LocalDate to = date(params, "to", form, invalid);

		Assignee assignee = Assignee.ANYONE;
		String assigneeParam = first(params, "assignee");
		for (Assignee value : Assignee.values()) {
			if (value.param().equals(assigneeParam)) {
				assignee = value;
			}
		}
		form.put("assignee", assignee.param());

		String receipt = JapaneseText.nfkc(first(params, "receipt"));
		form.put("receipt", receipt);
		if (receipt.isEmpty()) {
			receipt = null;
		}
		else if (!RECEIPT.matcher(receipt).matches()) {
			invalid.add("receipt");
			receipt = null;
		}

		String kana = null;
		String kanaToken = first(params, "name");
		if (!TOKEN.matcher(kanaToken).matches()) {
			kanaToken = null;
		}
		else {
			kana = kanaByToken.apply(kanaToken).map(InboxFilter::kanaKey).filter((k) -> !k.isEmpty()).orElse(null);
			if (kana == null) {
				invalid.add("kana");
				kanaToken = null;
			}
		}
		form.put("kana", (kana != null) ? kana : "");

		Sort sort = "oldest".equals(first(params, "sort")) ? Sort.OLDEST : Sort.NEWEST;
		form.put("sort", sort.param());

		InboxCursor after = InboxCursor.decode(first(params, "after")).orElse(null);
		return new InboxFilter(status, procedure, from, to, assignee, receipt, kana, kanaToken, sort, after, form,
				invalid);
	}

	/** The search key of what staff typed as a name, or empty. */
	static String kanaKey(String typed) {
		String key = JapaneseText.kanaKey(typed);
		return (key.length() > MAX_KANA) ? key.substring(0, MAX_KANA) : key;
	}

	private static Optional<SubmissionStatus> statusOf(String name) {
		for (SubmissionStatus value : SubmissionStatus.values()) {
			if (value.name().equals(name)) {
				return Optional.of(value);
			}
		}
		return Optional.empty();
	}

	private static LocalDate date(MultiValueMap<String, String> params, String name, Map<String, String> form,
			Set<String> invalid) {
		String value = JapaneseText.nfkc(first(params, name));
		form.put(name, value);
		if (value.isEmpty()) {
			return null;
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException ex) {
			invalid.add(name);
			return null;
		}
	}

	private static String first(MultiValueMap<String, String> params, String name) {
		String value = params.getFirst(name);
		return (value != null) ? value.strip() : "";
	}

	boolean isOpen() {
		return OPEN.equals(this.status);
	}

	boolean isAll() {
		return ALL.equals(this.status);
	}

	/** The one status asked for, if one was. */
	Optional<SubmissionStatus> single() {
		return (isOpen() || isAll()) ? Optional.empty() : Optional.of(SubmissionStatus.valueOf(this.status));
	}

	/** Whether a row with this status belongs in the list. */
	boolean accepts(SubmissionStatus value) {
		return isAll() || (isOpen() ? SubmissionStatus.OPEN.contains(value) : value.name().equals(this.status));
	}

	/** The same filter from its first page. */
	InboxFilter firstPage() {
		return new InboxFilter(this.status, this.procedure, this.from, this.to, this.assignee, this.receipt, this.kana,
				this.kanaToken, this.sort, null, this.form, this.invalid);
	}

	/** The same filter continuing after {@code cursor}. */
	InboxFilter after(InboxCursor cursor) {
		return new InboxFilter(this.status, this.procedure, this.from, this.to, this.assignee, this.receipt, this.kana,
				this.kanaToken, this.sort, cursor, this.form, this.invalid);
	}

	/**
	 * Names of the filters in use (for the audit trail: names only, never values such as
	 * a name).
	 */
	List<String> names() {
		List<String> names = new ArrayList<>();
		names.add("status");
		if (this.procedure != null) {
			names.add("procedure");
		}
		if (this.from != null) {
			names.add("from");
		}
		if (this.to != null) {
			names.add("to");
		}
		if (this.assignee != Assignee.ANYONE) {
			names.add("assignee");
		}
		if (this.receipt != null) {
			names.add("receipt");
		}
		if (this.kana != null) {
			names.add("kana");
		}
		if (this.sort != Sort.NEWEST) {
			names.add("sort");
		}
		if (this.after != null) {
			names.add("after");
		}
		return names;
	}

	/**
	 * Whether a new arrival would appear at the top of this list: its first page, newest
	 * first, with no condition a new arrival could fail other than status and procedure
	 * (which the page's script checks).
	 */
	boolean showsArrivalsOnTop() {
		return this.after == null && this.sort == Sort.NEWEST && this.to == null && this.receipt == null
				&& this.kana == null && this.assignee != Assignee.ME;
	}

	/**
	 * The query string of this list (without the leading {@code ?}), defaults left out.
	 */
	String toQuery() {
		StringBuilder query = new StringBuilder();
		if (!isOpen()) {
			append(query, "status", this.status);
		}
		append(query, "procedure", this.procedure);
		append(query, "from", (this.from != null) ? this.from.toString() : null);
		append(query, "to", (this.to != null) ? this.to.toString() : null);
		if (this.assignee != Assignee.ANYONE) {
			append(query, "assignee", this.assignee.param());
		}
		append(query, "receipt", this.receipt);
		append(query, "name", this.kanaToken);
		if (this.sort != Sort.NEWEST) {
			append(query, "sort", this.sort.param());
		}
		append(query, "after", (this.after != null) ? this.after.encode() : null);
		return query.toString();
	}

	private static void append(StringBuilder query, String name, String value) {
		if (value == null || value.isEmpty()) {
			return;
		}
		if (query.length() > 0) {
			query.append('&');
		}
		query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
	}

}
