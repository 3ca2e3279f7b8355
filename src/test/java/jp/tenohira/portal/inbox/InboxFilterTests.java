package jp.tenohira.portal.inbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import jp.tenohira.portal.submission.SubmissionStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading an inbox list's parameters, the cursor, and the SQL they turn into.
 */
class InboxFilterTests {

	private static MultiValueMap<String, String> params(String... namesAndValues) {
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			params.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return params;
	}

	private static InboxFilter parse(String... namesAndValues) {
		return InboxFilter.parse(params(namesAndValues), (token) -> Optional.empty());
	}

	@Test
	void defaultsAreOpenAnyoneNewestFirstPage() {
		InboxFilter filter = InboxFilter.defaults();
		assertThat(filter.isOpen()).isTrue();
		assertThat(filter.assignee()).isEqualTo(InboxFilter.Assignee.ANYONE);
		assertThat(filter.sort()).isEqualTo(InboxFilter.Sort.NEWEST);
		assertThat(filter.after()).isNull();
		assertThat(filter.toQuery()).isEmpty();
		assertThat(filter.names()).containsExactly("status");
		assertThat(filter.showsArrivalsOnTop()).isTrue();
	}

	@Test
	void statusesAreReadLeniently() {
		assertThat(parse("status", "in-review").single()).contains(SubmissionStatus.IN_REVIEW);
		assertThat(parse("status", "IN_REVIEW").single()).contains(SubmissionStatus.IN_REVIEW);
		assertThat(parse("status", "ALL").isAll()).isTrue();
		assertThat(parse("status", "nonsense").isOpen()).isTrue();
		assertThat(parse("status", "open").accepts(SubmissionStatus.APPROVED)).isTrue();
		assertThat(parse("status", "open").accepts(SubmissionStatus.COMPLETED)).isFalse();
		assertThat(parse("status", "COMPLETED").accepts(SubmissionStatus.COMPLETED)).isTrue();
	}

	@Test
	void badValuesAreLeftOutAndNamed() {
		InboxFilter filter = parse("from", "2026-13-01", "to", "２０２６－１１－２３", "receipt", "1' or '1'='1", "procedure",
				"../etc", "assignee", "root", "sort", "sideways", "after", "bm9wZQ");
		assertThat(filter.from()).isNull();
		assertThat(filter.to()).isEqualTo(LocalDate.of(2026, 11, 23));
		assertThat(filter.receipt()).isNull();
		assertThat(filter.procedure()).isNull();
		assertThat(filter.assignee()).isEqualTo(InboxFilter.Assignee.ANYONE);
		assertThat(filter.sort()).isEqualTo(InboxFilter.Sort.NEWEST);
		assertThat(filter.after()).isNull();
		assertThat(filter.invalid()).containsExactly("from", "receipt");
		assertThat(filter.form()).containsEntry("from", "2026-13-01");
	}

	@Test
	void theKanaComesFromTheSessionNeverFromTheAddress() {
		InboxFilter found = InboxFilter.parse(params("name", "tok-1", "kana", "ヤマダ"),
				(token) -> token.equals("tok-1") ? Optional.of("やまだ たろう") : Optional.empty());
		assertThat(found.kana()).isEqualTo("ヤマダタロウ");
		assertThat(found.toQuery()).isEqualTo("name=tok-1").doesNotContain("ヤマダ");
		assertThat(found.names()).contains("kana");
		InboxFilter expired = parse("name", "tok-2");
		assertThat(expired.kana()).isNull();
		assertThat(expired.invalid()).containsExactly("kana");
		assertThat(InboxFilter.kanaKey("ﾔﾏﾀﾞ　ﾀﾛｳ")).isEqualTo("ヤマダタロウ");
	}

	@Test
	void theQueryStringKeepsEverythingButDefaults() {
		InboxFilter filter = parse("status", "all", "procedure", "sodai-gomi", "from", "2026-11-01", "to", "2026-11-30",
				"assignee", "me", "receipt", "2026-0000123", "sort", "oldest");
		assertThat(filter.toQuery()).isEqualTo("status=all&procedure=sodai-gomi&from=2026-11-01&to=2026-11-30"
				+ "&assignee=me&receipt=2026-0000123&sort=oldest");
		assertThat(InboxFilter.parse(params(filter.toQuery().split("[&=]")), (t) -> Optional.empty()))
			.isEqualTo(filter);
		assertThat(filter.showsArrivalsOnTop()).isFalse();
	}

	@Test
	void cursorsRoundTripAndRejectForgeries() {
		InboxCursor cursor = new InboxCursor(Instant.parse("2026-11-23T05:06:07.123456789Z"),
				UUID.fromString("3e134896-0000-4000-8000-000000000001"));
		InboxCursor back = InboxCursor.decode(cursor.encode()).orElseThrow();
		assertThat(back.submittedAt()).isEqualTo(Instant.parse("2026-11-23T05:06:07.123456Z"));
		assertThat(back.id()).isEqualTo(cursor.id());
		assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
		assertThat(InboxCursor.decode("'; drop table submission; --")).isEmpty();
		assertThat(InboxCursor.decode("x".repeat(200))).isEmpty();
		assertThat(InboxCursor.decode(null)).isEmpty();
	}

	@Test
	void theListStatementNeverOffsetsAndKeepsTheOpenPredicateLiteral() {
		InboxQueries.Query open = InboxQueries.list("kankyou-seisaku", InboxFilter.defaults(), "me", 51);
		assertThat(open.sql())
			.contains("status in ('RECEIVED', 'IN_REVIEW', 'CORRECTION_REQUESTED', " + "'RESUBMITTED', 'APPROVED')")
			.endsWith("order by submitted_at desc, id desc limit 51")
			.doesNotContainIgnoringCase("offset");
		InboxCursor cursor = new InboxCursor(Instant.parse("2026-01-01T00:00:00Z"), UUID.randomUUID());
		InboxQueries.Query next = InboxQueries.list("kankyou-seisaku",
				parse("sort", "oldest", "status", "all").after(cursor), "me", 51);
		assertThat(next.sql()).contains("(submitted_at, id) > (:afterAt, :afterId)")
			.endsWith("order by submitted_at, id limit 51")
			.doesNotContain("status in")
			.doesNotContain("status =");
		InboxQueries.Query mine = InboxQueries.list("kankyou-seisaku", parse("assignee", "me"), "clerk-x", 51);
		assertThat(mine.params()).containsEntry("assignee", "clerk-x");
		assertThat(InboxQueries.list("s", parse("assignee", "unassigned"), "x", 51).sql())
			.contains("assignee_subject is null");
	}

	@Test
	void aKanaPrefixIsARange() {
		InboxFilter filter = InboxFilter.parse(params("name", "t"), (token) -> Optional.of("ヤマ"));
		InboxQueries.Query query = InboxQueries.list("s", filter, "x", 51);
		assertThat(query.sql()).contains("applicant_kana ~>=~ :kanaFrom and applicant_kana ~<~ :kanaTo");
		assertThat(query.params()).containsEntry("kanaFrom", "ヤマ").containsEntry("kanaTo", "ヤミ");
		assertThat(InboxQueries.upperBound("テスト000012")).isEqualTo("テスト000013");
		assertThat(InboxQueries.upperBound("a\uffff")).isNull();
	}

}
