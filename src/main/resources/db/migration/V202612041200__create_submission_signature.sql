-- JPKI signatures are evidence: the detached CMS SignedData a resident made, the check made at submission and every
-- later re-verification, with the CRL or OCSP response each relied on. All three tables are append-only: the
-- application's role may insert and select only (afterMigrate.sql), and triggers refuse changes even to the owner.

-- A CRL or OCSP response, stored once however many checks relied on it (a day's CRL serves every signature checked
-- that day).
create table revocation_evidence (
    id uuid primary key,
    sha256 bytea not null unique,
    kind text not null check (kind in ('crl', 'ocsp')),
    der bytea not null,
    created_at timestamptz not null default now()
);

create table submission_signature (
    id uuid primary key,
    submission_id uuid not null unique references submission (id),
    document_sha256 bytea not null,
    cms bytea not null,
    outcome text not null check (outcome in ('VALID', 'SIGNATURE_MISMATCH', 'UNTRUSTED', 'EXPIRED', 'NOT_YET_VALID',
        'REVOKED', 'REVOCATION_UNAVAILABLE')),
    revocation_reason text,
    revocation_method text check (revocation_method in ('crl', 'ocsp')),
    revocation_evidence_id uuid references revocation_evidence (id),
    -- the certificate subject holds the resident's 基本4情報: shown to staff of the section only, never logged
    certificate_subject text not null,
    certificate_issuer text not null,
    certificate_serial text not null,
    certificate_not_before timestamptz not null,
    certificate_not_after timestamptz not null,
    checked_at timestamptz not null,
    created_at timestamptz not null default now()
);

-- Re-verifications by staff, newest last.
create table submission_signature_check (
    id uuid primary key,
    signature_id uuid not null references submission_signature (id),
    outcome text not null check (outcome in ('VALID', 'SIGNATURE_MISMATCH', 'UNTRUSTED', 'EXPIRED', 'NOT_YET_VALID',
        'REVOKED', 'REVOCATION_UNAVAILABLE')),
    revocation_reason text,
    revocation_method text check (revocation_method in ('crl', 'ocsp')),
    revocation_evidence_id uuid references revocation_evidence (id),
    checked_by_subject text,
    checked_by_name text,
    checked_at timestamptz not null,
    created_at timestamptz not null default now()
);
create index submission_signature_check_signature_idx on submission_signature_check (signature_id, checked_at);

create function signature_evidence_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name using errcode = '42501';
end
$$;
create trigger revocation_evidence_no_update before update or delete on revocation_evidence
    for each row execute function signature_evidence_refuse_change();
create trigger revocation_evidence_no_truncate before truncate on revocation_evidence
    for each statement execute function signature_evidence_refuse_change();
create trigger submission_signature_no_update before update or delete on submission_signature
    for each row execute function signature_evidence_refuse_change();
create trigger submission_signature_no_truncate before truncate on submission_signature
    for each statement execute function signature_evidence_refuse_change();
create trigger submission_signature_check_no_update before update or delete on submission_signature_check
    for each row execute function signature_evidence_refuse_change();
create trigger submission_signature_check_no_truncate before truncate on submission_signature_check
    for each statement execute function signature_evidence_refuse_change();
