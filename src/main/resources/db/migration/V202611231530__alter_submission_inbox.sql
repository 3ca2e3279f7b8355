-- The inbox's default view lists the statuses a section still has work on, newest or oldest first. With only the
-- (section, status, …) index that needs either a sort over every open row or a scan that skips the finished ones
-- (most of a section's history), so the open rows get an index of their own. The list query repeats this predicate
-- literally (InboxQueries.OPEN_STATUSES), which lets the planner use it for custom and generic plans alike.
create index submission_inbox_open_idx on submission (section_id, submitted_at desc, id desc)
    where status in ('RECEIVED', 'IN_REVIEW', 'CORRECTION_REQUESTED', 'RESUBMITTED', 'APPROVED');
