-- A signature the resident has started in the デジタル認証アプリ and not yet come back from (issue #4). The row is
-- found by the hash of the OAuth2 state, used once, and tied to the draft and the digest of exactly what was shown
-- on the check page. The PKCE verifier and nonce live here, not in a server session, like the rest of the draft.
create table draft_signing (
    id uuid primary key,
    state_hash text not null unique,
    draft_id uuid not null references draft (id) on delete cascade,
    transaction_id text not null,
    document_sha256 bytea not null check (length(document_sha256) = 32),
    nonce text not null,
    code_verifier text not null,
    redirect_uri text not null,
    created_at timestamptz not null
);
create index draft_signing_draft_idx on draft_signing (draft_id);
