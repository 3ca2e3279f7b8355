-- Drafts, submissions, attachments, the outbox and section inbox queues.
-- Conventions (checked by SchemaConventionsIntegrationTests): uuid keys, text not varchar, timestamptz only,
-- created_at on every table.

create table form_definition_version (
    procedure_id text not null,
    version text not null,
    source text not null,
    created_at timestamptz not null default now(),
    primary key (procedure_id, version)
);

create table draft (
    id uuid primary key,
    procedure_id text not null,
    definition_version text not null,
    answers jsonb not null default '{}'::jsonb,
    owner_token_hash text not null,
    owner_issuer text,
    owner_subject text,
    status text not null default 'OPEN' check (status in ('OPEN', 'SUBMITTED')),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    foreign key (procedure_id, definition_version) references form_definition_version (procedure_id, version)
);
create index draft_owner_token_idx on draft (owner_token_hash);
create index draft_owner_subject_idx on draft (owner_issuer, owner_subject) where owner_subject is not null;

create table attachment (
    id uuid primary key,
    draft_id uuid not null references draft (id) on delete cascade,
    field_id text not null,
    file_name text not null,
    media_type text not null,
    size_bytes bigint not null check (size_bytes > 0),
    sha256 text not null,
    content bytea not null,
    created_at timestamptz not null,
    unique (draft_id, field_id)
);

create sequence receipt_number_seq;

create table submission (
    id uuid primary key,
    receipt_number text not null unique,
    draft_id uuid not null unique references draft (id),
    procedure_id text not null,
    definition_version text not null,
    answers jsonb not null,
    section_id text not null,
    owner_issuer text,
    owner_subject text,
    status text not null default 'RECEIVED',
    submitted_at timestamptz not null,
    created_at timestamptz not null,
    foreign key (procedure_id, definition_version) references form_definition_version (procedure_id, version)
);
create index submission_owner_subject_idx on submission (owner_issuer, owner_subject) where owner_subject is not null;

create table outbox (
    id uuid primary key,
    event_type text not null,
    aggregate_id uuid not null,
    payload jsonb not null,
    attempts integer not null default 0,
    created_at timestamptz not null,
    processed_at timestamptz
);
create index outbox_pending_idx on outbox (created_at) where processed_at is null;

create table inbox_item (
    id uuid primary key,
    submission_id uuid not null unique references submission (id),
    section_id text not null,
    status text not null default 'NEW',
    created_at timestamptz not null
);
create index inbox_item_section_idx on inbox_item (section_id, created_at desc);
