package jp.tenohira.portal.inbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import jp.tenohira.portal.support.PortalIntegrationTest;
import jp.tenohira.portal.support.TestDatabase;
import jp.tenohira.portal.support.TestSubmissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox list at a million submissions in one section: the exact statements
 * {@link InboxQueries#list} builds are planned by PostgreSQL (custom plans, as the first
 * executions get, and generic plans, which a cached prepared statement may switch to) and
 * every plan must walk a {@code submission_inbox_*} index in order: no sequential scan of
 * {@code submission}, no sort above the scan. The one exception is the kana prefix, whose
 * index is ordered by name: the few matches are sorted. Execution times (EXPLAIN ANALYZE,
 * warm) are printed for the record.
 */
@PortalIntegrationTest
class InboxQueryPlanIntegrationTests {

	/** 園芸畜産振興課: no other test puts submissions there. */
	private static final String SECTION = "engei-chikusan";

	private static final String ME = "plan-clerk";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern NAMED = Pattern.compile(":([a-zA-Z][a-zA-Z0-9]*)");

	/**
	 * One case: a filter, and whether a sort over its (few) matches is acceptable (the
	 * kana prefix, which {@link InboxQueries#rows} also always plans with its values: its
	 * generic plan is printed, not checked).
	 */
	record Case(String name, MultiValueMap<String, String> params, boolean sortAllowed) {
	}

	/** One plan node. */
	record Node(String type, String index, String relation, List<Node> children) {
	}

	@Test
	void everyListWalksAnInboxIndexAtAMillionRows() throws Exception {
		long started = System.nanoTime();
		TestSubmissions.insertBulk("sodai-gomi", SECTION, 990_000);
		TestSubmissions.insertBulk("shisetsu-kengaku", SECTION, 10_000);
		long inserted = System.nanoTime();
		TestDatabase.get()
			.execute("update submission set assignee_subject = '" + ME + "', assignee_name = '計画 花子' "
					+ "where section_id = '" + SECTION + "' and applicant_kana like 'テスト00001%'");
		TestDatabase.get().execute("vacuum (analyze) submission");
		long vacuumed = System.nanoTime();
		System.out.printf("Inserted 1,000,000 submissions in %d s; assigned 200 and vacuumed in %d ms%n",
				(inserted - started) / 1_000_000_000, (vacuumed - inserted) / 1_000_000);
		assertThat(TestDatabase.get().count("select count(*) from submission where section_id = '" + SECTION + "'"))
			.isEqualTo(1_000_000);

		List<String> deep = TestDatabase.get()
			.rows("select (extract(epoch from submitted_at) * 1000000)::bigint || '.' || id from submission "
					+ "where section_id = '" + SECTION + "' and status in " + InboxQueries.OPEN_STATUSES
					+ " order by submitted_at desc, id desc offset 700000 limit 1");
		String deepCursor = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(deep.get(0).getBytes(java.nio.charset.StandardCharsets.US_ASCII));

		List<Case> cases = List.of(new Case("default (open, newest)", params(), false),
				new Case("status IN_REVIEW", params("status", "IN_REVIEW"), false),
				new Case("all statuses", params("status", "all"), false),
				new Case("procedure (1 % of rows)", params("procedure", "shisetsu-kengaku"), false),
				new Case("procedure (99 % of rows)", params("procedure", "sodai-gomi"), false),
				new Case("assignee me", params("assignee", "me"), false),
				new Case("assignee unassigned", params("assignee", "unassigned"), false),
				new Case("received in one month", params("from", "2026-03-01", "to", "2026-03-31"), false),
				new Case("kana prefix (20 matches)", params("name", "token"), true),
				new Case("deep page (700,000 rows down)", params("after", deepCursor), false),
				new Case("oldest first", params("sort", "oldest"), false),
				new Case("oldest first, deep page", params("sort", "oldest", "after", deepCursor), false));

		List<String> report = new ArrayList<>();
		try (Connection connection = TestDatabase.get().connect()) {
			for (Case c : cases) {
				InboxFilter filter = InboxFilter.parse(c.params(), (token) -> Optional.of("テスト000012"));
				InboxQueries.Query query = InboxQueries.list(SECTION, filter, ME, InboxQueries.PAGE_SIZE + 1);
				prepare(connection, query);
				for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
					execute(connection, "set plan_cache_mode = " + mode);
					JsonNode plan = explain(connection, query, false);
					Node root = node(plan.get("Plan"));
					if (!(c.sortAllowed() && mode.contains("generic"))) {
						assertPlan(c, mode, root);
					}
					explain(connection, query, true);
					JsonNode analyzed = explain(connection, query, true);
					report.add(String.format("%-32s %-7s %8.2f ms  %s", c.name(),
							mode.contains("generic") ? "generic" : "custom", analyzed.get("Execution Time").asDouble(),
							shape(node(analyzed.get("Plan")))));
				}
				execute(connection, "deallocate inbox_q");
			}
			execute(connection, "reset plan_cache_mode");
			report.add(timed(connection, "counts by status (bounded)",
					InboxQueries.COUNTS_SQL.replace(":section", "'" + SECTION + "'"), "submission_inbox_status_idx"));
			report.add(timed(connection, "open counts of 2 sections",
					InboxQueries.OPEN_COUNTS_SQL.replace(":sections", "array['" + SECTION + "', 'kankyou-seisaku']"),
					"submission_inbox_status_idx"));
			report.add(timed(connection, "procedures present",
					InboxQueries.PROCEDURES_SQL.replace(":section", "'" + SECTION + "'"),
					"submission_inbox_procedure_idx"));
			report.add(timed(connection, "(exact grouped count, not used)",
					"select status, count(*) from submission where section_id = '" + SECTION + "' group by status",
					null));
		}
		System.out.println("Inbox query plans at 1,000,000 submissions in one section (EXPLAIN ANALYZE, warm):");
		report.forEach(System.out::println);
		System.out.printf("Whole test: %d s%n", (System.nanoTime() - started) / 1_000_000_000);
	}

	private static MultiValueMap<String, String> params(String... namesAndValues) {
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			params.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return params;
	}

	private static void assertPlan(Case c, String mode, Node root) {
		List<Node> all = new ArrayList<>();
		collect(root, all);
		String description = c.name() + " (" + mode + "): " + shape(root);
		assertThat(all).as(description)
			.noneMatch((n) -> n.type().equals("Seq Scan"))
			.noneMatch((n) -> n.type().startsWith("Bitmap"))
			.anyMatch((n) -> (n.type().equals("Index Scan") || n.type().equals("Index Only Scan")) && n.index() != null
					&& n.index().startsWith("submission_inbox_"));
		if (!c.sortAllowed()) {
			assertThat(all).as(description).noneMatch((n) -> n.type().contains("Sort"));
		}
		else {
			// the sort may only sit over the kana index's matches
			all.stream()
				.filter((n) -> n.type().contains("Sort"))
				.forEach((sort) -> assertThat(shape(sort)).as(description).contains("submission_inbox_kana_idx"));
		}
	}

	private static void collect(Node node, List<Node> into) {
		into.add(node);
		node.children().forEach((child) -> collect(child, into));
	}

	private static Node node(JsonNode plan) {
		List<Node> children = new ArrayList<>();
		JsonNode plans = plan.get("Plans");
		if (plans != null) {
			plans.forEach((child) -> children.add(node(child)));
		}
		return new Node(plan.get("Node Type").asString(),
				plan.has("Index Name") ? plan.get("Index Name").asString() : null,
				plan.has("Relation Name") ? plan.get("Relation Name").asString() : null, children);
	}

	private static String shape(Node node) {
		String self = node.type() + ((node.index() != null) ? " " + node.index() : "");
		if (node.children().isEmpty()) {
			return self;
		}
		return self + " > " + String.join(" + ", node.children().stream().map((c) -> shape(c)).toList());
	}

	/** PREPAREs the statement with $n for its named parameters, in order. */
	private static void prepare(Connection connection, InboxQueries.Query query) throws SQLException {
		Map<String, Integer> numbers = new LinkedHashMap<>();
		Matcher named = NAMED.matcher(query.sql());
		StringBuilder sql = new StringBuilder();
		while (named.find()) {
			int number = numbers.computeIfAbsent(named.group(1), (k) -> numbers.size() + 1);
			named.appendReplacement(sql, "\\$" + number);
		}
		named.appendTail(sql);
		assertThat(numbers.keySet()).containsExactlyInAnyOrderElementsOf(query.params().keySet());
		execute(connection, "prepare inbox_q as " + sql);
	}

	private static JsonNode explain(Connection connection, InboxQueries.Query query, boolean analyze)
			throws SQLException {
		List<String> literals = new ArrayList<>();
		Matcher named = NAMED.matcher(query.sql());
		List<String> order = new ArrayList<>();
		while (named.find()) {
			if (!order.contains(named.group(1))) {
				order.add(named.group(1));
			}
		}
		for (String name : order) {
			literals.add(literal(query.params().get(name)));
		}
		String explain = "explain (format json" + (analyze ? ", analyze, buffers" : "") + ") execute inbox_q"
				+ (literals.isEmpty() ? "" : "(" + String.join(", ", literals) + ")");
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(explain)) {
			result.next();
			return JSON.readTree(result.getString(1)).get(0);
		}
	}

	private static String literal(Object value) {
		if (value instanceof OffsetDateTime || value instanceof UUID || value instanceof String) {
			return "'" + value.toString().replace("'", "''") + "'";
		}
		return String.valueOf(value);
	}

	/**
	 * Times a statement; when an index is named, its plan must use it and never a
	 * sequential scan.
	 */
	private static String timed(Connection connection, String name, String sql, String index) throws SQLException {
		String explain = "explain (format json, analyze, buffers) " + sql;
		JsonNode plan = null;
		for (int run = 0; run < 2; run++) {
			try (Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery(explain)) {
				result.next();
				plan = JSON.readTree(result.getString(1)).get(0);
			}
		}
		Node root = node(plan.get("Plan"));
		if (index != null) {
			List<Node> all = new ArrayList<>();
			collect(root, all);
			assertThat(all).as(name + ": " + shape(root))
				.noneMatch((n) -> n.type().equals("Seq Scan"))
				.anyMatch((n) -> index.equals(n.index()));
		}
		return String.format("%-32s %-7s %8.2f ms  %s", name, "", plan.get("Execution Time").asDouble(), shape(root));
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
