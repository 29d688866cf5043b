-- Audit (C3): append-only, hash-chained, verifiable, with actor and request context.
begin;
select plan(23);

select tests.create_staff('auditor@hq.test', 'auditor') as auditor \gset
select tests.create_staff('tech@hq.test', 'tech_admin') as tech \gset
select tests.create_staff('root@hq.test', 'super_admin') as root \gset

-- A recorded entry carries who, what, before/after and the diff. Entries are written by
-- security-definer functions, so the test keeps its own role and only takes on root's claims.
select set_config('request.jwt.claims', tests.claims_for(:'root', 'aal2')::text, true);
select set_config('request.headers', '{"user-agent":"vitest/3","x-forwarded-for":"203.0.113.7, 10.0.0.1","x-trace-id":"trace-123"}', true);
select audit.record('tenant.update', 'tenant', 't-1', '{"name":"a","tier":1}', '{"name":"b","tier":1}', null, 'rename') as entry_id \gset
select set_config('request.jwt.claims', '', true);
select results_eq(
  $$ select actor_id, actor_role, action, entity_type, entity_id, reason, diff, ip, user_agent, trace_id
     from audit.log where id = $$ || :entry_id,
  $$ values ('$$ || :'root' || $$'::uuid, 'super_admin'::text, 'tenant.update'::text, 'tenant'::text, 't-1'::text,
             'rename'::text, '{"name":["a","b"]}'::jsonb, '203.0.113.7'::text, 'vitest/3'::text, 'trace-123'::text) $$,
  'an entry records actor, staff role, action, entity, reason, diff and request context');
select set_config('request.headers', '', true);

select audit.record('job.run', 'job', '1') as job_entry \gset
select is((select actor_role from audit.log where id = :job_entry), 'system',
          'work with no signed-in actor is recorded as system');

-- Chain
select audit.record('tenant.create', 'tenant', 't-2', null, '{"slug":"x"}');
select is((select prev_hash from audit.log order by id desc limit 1),
          (select hash from audit.log order by id desc offset 1 limit 1), 'each row links to the previous row''s hash');
select results_eq($$ select ok, first_broken_id from audit.verify_chain() $$, $$ values (true, null::bigint) $$,
                  'verify_chain accepts an untouched chain');
set local timezone = 'Pacific/Kiritimati';
set local datestyle = 'SQL, DMY';
select results_eq($$ select ok from audit.verify_chain() $$, $$ values (true) $$,
                  'the canonical form does not depend on the session time zone or date style');
reset timezone;
reset datestyle;

-- Append-only, even for the superuser
select throws_ok($$ update audit.log set reason = 'x' where id = (select max(id) from audit.log) $$, 'PT403',
                 'the audit log is append-only: update is not allowed', 'UPDATE is refused');
select throws_ok($$ delete from audit.log $$, 'PT403', 'the audit log is append-only: delete is not allowed', 'DELETE is refused');
select throws_ok($$ truncate audit.log $$, 'PT403', 'the audit log is append-only: truncate is not allowed', 'TRUNCATE is refused');
select ok(not has_table_privilege('authenticated', 'audit.log', 'insert')
          and not has_table_privilege('authenticated', 'audit.log', 'update')
          and not has_table_privilege('service_role', 'audit.log', 'delete'), 'no API role holds write privileges on the log');
select ok(not has_function_privilege('authenticated', 'audit.record(text, text, text, jsonb, jsonb, uuid, text)', 'execute'),
          'signed-in users cannot write audit entries themselves');

-- Checkpoints record the head hash; a rewritten head no longer matches its checkpoint
select ok(audit.checkpoint() is not null, 'a checkpoint records the head');
select is((select bool_and(matches) from audit.verify_checkpoints()), true, 'an untouched head matches its checkpoint');
select id as head_id, encode(hash, 'hex') as head_hash from audit.log order by id desc limit 1 \gset
alter table audit.log disable trigger log_no_update_delete;
update audit.log set hash = extensions.digest('rewritten', 'sha256') where id = :head_id;
select is((select bool_and(matches) from audit.verify_checkpoints()), false, 'a rewritten head is caught by the checkpoint');
update audit.log set hash = decode(:'head_hash', 'hex') where id = :head_id;
alter table audit.log enable trigger log_no_update_delete;

-- Tampering is found: the first broken row is reported
alter table audit.log disable trigger log_no_update_delete;
update audit.log set reason = 'forged' where id = :entry_id;
select results_eq($$ select ok, first_broken_id, reason from audit.verify_chain() $$,
                  $$ values (false, $$ || :entry_id || $$::bigint, 'hash does not match the row''s content'::text) $$,
                  'a changed row is reported by id');
update audit.log set reason = 'rename' where id = :entry_id;
select results_eq($$ select ok from audit.verify_chain() $$, $$ values (true) $$, 'restoring the row restores the chain');
update audit.log set prev_hash = '\x00'::bytea where id = :entry_id;
select results_eq($$ select first_broken_id, reason from audit.verify_chain() $$,
                  $$ values ($$ || :entry_id || $$::bigint, 'prev_hash does not match the previous row''s hash'::text) $$,
                  'a broken link is reported');
alter table audit.log enable trigger log_no_update_delete;

-- Bad input
select throws_ok($$ select audit.record('Tenant Update', 'tenant', '1') $$, '22023', null, 'an action must be resource.verb');
select throws_ok($$ select audit.record('tenant.update', '', '1') $$, '22023', 'audit entity_type is required',
                 'an entity type is required');

-- Who reads it: audit.read at aal2, through the public view
select tests.authenticate_as(:'auditor', 'aal2');
select ok((select count(*) from public.audit_log) >= 3, 'an auditor at aal2 reads the log');
select is((select count(*) from public.audit_log where hash is null), 0::bigint, 'rows come with their hash');
select tests.authenticate_as(:'auditor', 'aal1');
select is((select count(*) from public.audit_log), 0::bigint, 'an auditor without MFA reads nothing');
select tests.authenticate_as(:'tech', 'aal2');
select is((select count(*) from public.audit_log), 0::bigint, 'a role without audit.read reads nothing');
select tests.authenticate_as_anon();
select throws_ok($$ select count(*) from public.audit_log $$, '42501', null, 'anon cannot read the log at all');
select tests.clear_authentication();

select * from finish();
rollback;
