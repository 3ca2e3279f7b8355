-- Runs after every migration (Flyway callback): the application's runtime role may read and write the tables it
-- needs, but may only read and append audit rows. A no-op when the runtime role is the schema owner itself (then only
-- the append-only triggers protect the audit table; see docs/adr/0006).
do $$
declare
    app text := '${appUser}';
begin
    if app <> current_user and exists (select 1 from pg_roles where rolname = app) then
        execute format('grant usage on schema public to %I', app);
        execute format('grant select, insert, update, delete on all tables in schema public to %I', app);
        execute format('revoke update, delete, truncate on audit_event, flyway_schema_history from %I', app);
        execute format('revoke insert on flyway_schema_history from %I', app);
        -- JPKI signature evidence: insert and select only
        execute format('revoke update, delete, truncate on revocation_evidence, submission_signature, '
            'submission_signature_check from %I', app);
        execute format('grant usage, select on all sequences in schema public to %I', app);
    end if;
end
$$;
