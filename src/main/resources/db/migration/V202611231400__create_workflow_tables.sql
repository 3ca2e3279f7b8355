-- The staff side: the workflow lives on the submission; every revision, correction request, history event and note
-- is kept; e-mails leave through the outbox with retries; every staff and API access is recorded in an append-only
-- audit table. Grants for the application's role are (re)applied by afterMigrate.sql.

alter table submission
    add column assignee_subject text,
    add column assignee_name text,
    add column applicant_kana text,
    add column notify_email text,
    add column lang text not null default 'ja',
    add column revision integer not null default 1,
    add column decision_reason text,
    add column updated_at timestamptz,
    add column change_xid xid8,
    add column change_seq bigint;

-- Every insert and update stamps the writing transaction and a sequence number. Readers that page "changed since"
-- only return rows whose transaction is older than every transaction still running (pg_snapshot_xmin), so a row
-- that commits late with an earlier number is never skipped.
create sequence submission_change_seq;
create function submission_stamp_change() returns trigger language plpgsql as $$
begin
    new.change_xid := pg_current_xact_id();
    new.change_seq := nextval('submission_change_seq');
    new.updated_at := coalesce(new.updated_at, new.submitted_at);
    return new;
end
$$;
create trigger submission_stamp_change before insert or update on submission
    for each row execute function submission_stamp_change();
update submission set updated_at = submitted_at;
alter table submission
    alter column updated_at set not null,
    alter column change_xid set not null,
    alter column change_seq set not null,
    add constraint submission_status_check check (status in ('RECEIVED', 'IN_REVIEW', 'CORRECTION_REQUESTED',
        'RESUBMITTED', 'APPROVED', 'REJECTED', 'COMPLETED', 'WITHDRAWN')),
    add constraint submission_lang_check check (lang in ('ja', 'en', 'easy'));

-- Inbox lists: newest or oldest first within a section, optionally by status, procedure or assignee; keyset paging on
-- (submitted_at, id) keeps every page an index scan whatever its depth.
create index submission_inbox_idx on submission (section_id, submitted_at desc, id desc);
create index submission_inbox_status_idx on submission (section_id, status, submitted_at desc, id desc);
create index submission_inbox_procedure_idx on submission (section_id, procedure_id, submitted_at desc, id desc);
create index submission_inbox_assignee_idx on submission (section_id, assignee_subject, submitted_at desc, id desc);
create index submission_inbox_kana_idx on submission (section_id, applicant_kana text_pattern_ops);
create index submission_changes_idx on submission (section_id, change_xid, change_seq);

create table submission_revision (
    id uuid primary key,
    submission_id uuid not null references submission (id),
    revision integer not null,
    answers jsonb not null,
    created_at timestamptz not null,
    unique (submission_id, revision)
);
insert into submission_revision (id, submission_id, revision, answers, created_at)
select gen_random_uuid(), id, 1, answers, submitted_at from submission;

create table correction_request (
    id uuid primary key,
    submission_id uuid not null references submission (id),
    field_ids jsonb not null,
    message text not null,
    requested_by_subject text not null,
    requested_by_name text not null,
    created_at timestamptz not null,
    resolved_at timestamptz,
    resolved_revision integer
);
create unique index correction_request_open_idx on correction_request (submission_id) where resolved_at is null;

create table submission_event (
    id uuid primary key,
    submission_id uuid not null references submission (id),
    action text not null,
    actor_kind text not null check (actor_kind in ('RESIDENT', 'STAFF', 'API', 'SYSTEM')),
    actor_subject text,
    actor_name text,
    from_status text,
    to_status text,
    detail jsonb not null default '{}'::jsonb,
    created_at timestamptz not null
);
create index submission_event_submission_idx on submission_event (submission_id, created_at);

create table submission_note (
    id uuid primary key,
    submission_id uuid not null references submission (id),
    author_subject text not null,
    author_name text not null,
    body text not null,
    created_at timestamptz not null
);
create index submission_note_submission_idx on submission_note (submission_id, created_at);

-- E-mail and other side effects with retries: a sender leases a batch (locked_until), and either marks it processed
-- or schedules the next attempt; after the last attempt it is parked with failed_at for an operator.
alter table outbox
    add column next_attempt_at timestamptz,
    add column locked_until timestamptz,
    add column failed_at timestamptz,
    add column last_error text;
create index outbox_due_idx on outbox (event_type, next_attempt_at) where processed_at is null and failed_at is null;

create table audit_event (
    id uuid primary key,
    occurred_at timestamptz not null,
    actor_kind text not null check (actor_kind in ('STAFF', 'API', 'RESIDENT', 'ANONYMOUS', 'SYSTEM')),
    actor_issuer text,
    actor_subject text,
    actor_name text,
    action text not null,
    target_type text,
    target_id text,
    section_id text,
    purpose text,
    outcome text not null check (outcome in ('SUCCESS', 'DENIED', 'FAILED')),
    detail jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now()
);
create index audit_event_time_idx on audit_event (occurred_at desc, id desc);
create index audit_event_actor_idx on audit_event (actor_subject, occurred_at desc, id desc);
create index audit_event_target_idx on audit_event (target_id, occurred_at desc, id desc);
create index audit_event_action_idx on audit_event (action, occurred_at desc, id desc);

-- Append-only for everyone, the owner included: the application's role has no UPDATE, DELETE or TRUNCATE grant
-- (afterMigrate.sql), and these triggers refuse them even to a role that has.
create function audit_event_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only' using errcode = '42501';
end
$$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_refuse_change();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_refuse_change();

-- Staff screens listen (LISTEN submission_changed) to show arrivals and changes live, on whichever node they are
-- connected to. The payload carries ids only, never personal data.
create function submission_notify_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('submission_changed', json_build_object('id', new.id, 'section', new.section_id,
        'status', new.status, 'previousSection', case when tg_op = 'UPDATE' then old.section_id end)::text);
    return null;
end
$$;
create trigger submission_notify_change after insert or update on submission
    for each row execute function submission_notify_change();
