-- Audit integrity (issue 12 §3): the hash covers everything the log shows, the chain carries a
-- gapless sequence number, its head is published outside the database, and verification is
-- incremental with a full run kept for auditors.
--
-- Hash versions. Rows written before this migration keep their version-1 hash (which does not
-- cover `diff`); nothing is re-hashed. Rows from here on are version 2: sha256(prev_hash ||
-- canonical_v2), where canonical_v2 adds `diff`, `seq` and the version itself. The version never
-- goes back along the chain. This migration numbers the existing rows (seq = their position in
-- the chain, which is id order: they were written under the chain lock) and records what it did
-- in the log itself (action audit.chain_upgraded) and in a checkpoint.

-- ── columns ─────────────────────────────────────────────────────────────────────────────────
alter table audit.log
  add column seq bigint,
  add column hash_version smallint not null default 1 check (hash_version in (1, 2));
comment on column audit.log.seq is 'Position in the hash chain: 1, 2, 3 … without gaps (ids can have gaps).';
comment on column audit.log.hash_version is '1: hash without diff (rows before 2026-12-06); 2: hash over every shown column, seq and version.';

alter table audit.checkpoints
  add column head_seq bigint,
  add column kind text not null default 'scheduled' check (kind in ('scheduled', 'verified', 'published', 'migration'));
comment on column audit.checkpoints.kind is 'scheduled: hourly head; verified: head after a successful verification (incremental runs start there); published: head sent to the external sink; migration: recorded by a schema change.';

-- Numbering the existing rows and checkpoints is the one write this migration makes to history.
alter table audit.log disable trigger log_no_update_delete;
update audit.log l set seq = n.seq
from (select id, row_number() over (order by id) as seq from audit.log) n
where n.id = l.id;
alter table audit.log enable trigger log_no_update_delete;
alter table audit.log alter column seq set not null;
create unique index log_seq_idx on audit.log (seq);
-- seq identifies a chain position; hash uniqueness guarded nothing and cost an index write per entry.
alter table audit.log drop constraint log_hash_key;

alter table audit.checkpoints disable trigger checkpoints_no_update_delete;
update audit.checkpoints c set head_seq = l.seq from audit.log l where l.id = c.last_log_id;
alter table audit.checkpoints enable trigger checkpoints_no_update_delete;

-- ── hashing ─────────────────────────────────────────────────────────────────────────────────

-- Version 2: every column the log shows (the view adds only the hash), plus seq and version.
create function audit.canonical_v2(entry audit.log)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  return jsonb_build_object(
    'v', 2,
    'seq', entry.seq,
    'id', entry.id,
    'occurred_at_us', (extract(epoch from entry.occurred_at) * 1000000)::bigint,
    'actor_id', entry.actor_id,
    'actor_role', entry.actor_role,
    'impersonation_id', entry.impersonation_id,
    'tenant_id', entry.tenant_id,
    'action', entry.action,
    'entity_type', entry.entity_type,
    'entity_id', entry.entity_id,
    'reason', entry.reason,
    'before', entry.before,
    'after', entry.after,
    'diff', entry.diff,
    'trace_id', entry.trace_id,
    'ip', entry.ip,
    'user_agent', entry.user_agent)::text;
end
$$;

create or replace function audit.chain_hash(prev_hash bytea, entry audit.log)
returns bytea
language plpgsql
immutable
set search_path = ''
as $$
begin
  if entry.hash_version = 2 then
    return extensions.digest(prev_hash || convert_to(audit.canonical_v2(entry), 'UTF8'), 'sha256');
  end if;
  return extensions.digest(prev_hash || convert_to(audit.canonical(entry), 'UTF8'), 'sha256');
end
$$;

-- ── writing ─────────────────────────────────────────────────────────────────────────────────

-- The one way to write the audit log (same contract as before). The chain lock is held from
-- reading the head to the end of the transaction, so concurrent writers cannot fork the chain.
create or replace function audit.record(
  action text,
  entity_type text,
  entity_id text,
  before jsonb default null,
  after jsonb default null,
  tenant_id uuid default null,
  reason text default null
)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  entry audit.log;
  raw_headers text := current_setting('request.headers', true);
  headers jsonb;
begin
  if record.action is null or record.action !~ '^[a-z_]+(\.[a-z_]+)+$' then
    raise exception using errcode = '22023', message = format('invalid audit action %L', record.action),
      detail = 'audit.invalid_action', hint = 'use resource.verb, e.g. tenant.activate';
  end if;
  if record.entity_type is null or record.entity_type = '' then
    raise exception using errcode = '22023', message = 'audit entity_type is required',
      detail = 'audit.invalid_entity', hint = 'name the kind of thing acted on, e.g. tenant';
  end if;

  -- Everything that does not depend on the chain is computed before taking the lock.
  entry.actor_id := auth.uid();
  entry.actor_role := private.current_actor_role();
  entry.impersonation_id := private.current_impersonation_id(record.tenant_id);
  entry.tenant_id := record.tenant_id;
  entry.action := record.action;
  entry.entity_type := record.entity_type;
  entry.entity_id := record.entity_id;
  entry.reason := record.reason;
  entry.before := record.before;
  entry.after := record.after;
  entry.diff := case when record.before is not null and record.after is not null
                     then audit.jsonb_diff(record.before, record.after) end;
  if raw_headers is not null and raw_headers <> '' then
    headers := raw_headers::jsonb;
    entry.trace_id := coalesce(headers ->> 'x-trace-id', headers ->> 'traceparent');
    -- Only the first address of X-Forwarded-For (the client); cut to keep log lines bounded.
    entry.ip := left(trim(split_part(headers ->> 'x-forwarded-for', ',', 1)), 64);
    entry.user_agent := left(headers ->> 'user-agent', 512);
  end if;
  entry.hash_version := 2;

  perform pg_advisory_xact_lock(hashtext('audit.log chain'));
  select l.seq, l.hash into entry.seq, entry.prev_hash from audit.log l order by l.seq desc limit 1;
  entry.seq := coalesce(entry.seq, 0) + 1;
  entry.prev_hash := coalesce(entry.prev_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  entry.id := nextval('audit.log_id_seq'::regclass);
  -- Taken under the lock, so time never goes backwards along the chain.
  entry.occurred_at := clock_timestamp();
  entry.hash := audit.chain_hash(entry.prev_hash, entry);

  insert into audit.log overriding system value select entry.*;
  return entry.id;
end
$$;

-- ── verifying ───────────────────────────────────────────────────────────────────────────────

-- Recomputes the chain in seq order from from_seq (default: the start). The row before from_seq
-- is trusted as the anchor (its hash is the expected prev_hash). Reports the first break: a
-- missing seq (rows deleted), a broken link, a changed row, or a hash version going back.
drop function audit.verify_chain(bigint);
create function audit.verify_chain(from_seq bigint default null)
returns table (ok boolean, checked bigint, first_broken_id bigint, first_broken_seq bigint, reason text,
               head_seq bigint, head_hash bytea)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  entry audit.log;
  zero constant bytea := '\x0000000000000000000000000000000000000000000000000000000000000000';
  expected_seq bigint := greatest(coalesce(from_seq, 1), 1);
  expected_prev bytea;
  last_version smallint := 1;
  n bigint := 0;
begin
  if expected_seq > 1 then
    select l.hash, l.hash_version into expected_prev, last_version from audit.log l where l.seq = expected_seq - 1;
    if expected_prev is null then
      return query select false, 0::bigint, null::bigint, expected_seq - 1,
        'the anchor row is missing (rows were deleted)'::text, null::bigint, null::bytea;
      return;
    end if;
  end if;
  expected_prev := coalesce(expected_prev, zero);
  for entry in select * from audit.log l where l.seq >= expected_seq order by l.seq loop
    n := n + 1;
    if entry.seq <> expected_seq then
      return query select false, n, entry.id, expected_seq, 'rows are missing from the chain (a gap in seq)'::text,
        expected_seq - 1, expected_prev;
      return;
    end if;
    if entry.prev_hash is distinct from expected_prev then
      return query select false, n, entry.id, entry.seq, 'prev_hash does not match the previous row''s hash'::text,
        expected_seq - 1, expected_prev;
      return;
    end if;
    if entry.hash_version < last_version then
      return query select false, n, entry.id, entry.seq, 'the hash version goes back'::text, expected_seq - 1, expected_prev;
      return;
    end if;
    if entry.hash is distinct from audit.chain_hash(entry.prev_hash, entry) then
      return query select false, n, entry.id, entry.seq, 'hash does not match the row''s content'::text,
        expected_seq - 1, expected_prev;
      return;
    end if;
    expected_prev := entry.hash;
    last_version := entry.hash_version;
    expected_seq := expected_seq + 1;
  end loop;
  return query select true, n, null::bigint, null::bigint, null::text, expected_seq - 1,
    case when expected_seq > 1 then expected_prev end;
end
$$;

-- Compares the chain with a head published outside the database ({"seq": n, "hash": "<hex>"}).
-- A chain shorter than the published head was cut: the first missing seq is reported. A row at
-- the published seq with another hash was rewritten.
create function audit.compare_published_head(published jsonb)
returns table (ok boolean, kind text, first_missing_seq bigint, reason text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  pub_seq bigint;
  pub_hash bytea;
  row_hash bytea;
  chain_head bigint;
begin
  begin
    pub_seq := (published ->> 'seq')::bigint;
    pub_hash := decode(published ->> 'hash', 'hex');
  exception when others then
    pub_seq := null;
  end;
  if pub_seq is null or pub_seq < 1 or pub_hash is null or length(pub_hash) <> 32 then
    raise exception using errcode = '22023', message = 'a published head is {"seq": <number>, "hash": "<64 hex digits>"}',
      detail = 'audit.invalid_published_head', hint = 'pass the head exactly as the sink returned it';
  end if;
  select l.hash into row_hash from audit.log l where l.seq = pub_seq;
  if row_hash is null then
    -- The first seq at or below the published head that has no row.
    select coalesce(min(l.seq) + 1, 1) into chain_head
    from audit.log l where l.seq < pub_seq and not exists (select from audit.log n where n.seq = l.seq + 1);
    if not exists (select from audit.log l where l.seq = 1) then
      chain_head := 1;
    end if;
    return query select false, 'cut'::text, chain_head,
      format('the chain ends before the published head (seq %s): rows from seq %s are missing', pub_seq, chain_head);
    return;
  end if;
  if row_hash <> pub_hash then
    return query select false, 'rewritten'::text, pub_seq, format('the row at the published head (seq %s) was rewritten', pub_seq);
    return;
  end if;
  return query select true, 'matches'::text, null::bigint, null::text;
end
$$;

-- Records the current head as a checkpoint of the given kind.
create or replace function audit.checkpoint()
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
begin
  return audit.record_checkpoint('scheduled');
end
$$;

create function audit.record_checkpoint(kind text)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  head audit.log;
  new_id bigint;
begin
  select * into head from audit.log order by seq desc limit 1;
  if head.id is null then
    return null;
  end if;
  insert into audit.checkpoints (last_log_id, head_seq, head_hash, kind)
  values (head.id, head.seq, head.hash, record_checkpoint.kind) returning id into new_id;
  return new_id;
end
$$;

create or replace function audit.verify_checkpoints()
returns table (checkpoint_id bigint, last_log_id bigint, matches boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select c.id, c.last_log_id, l.hash is not distinct from c.head_hash
  from audit.checkpoints c left join audit.log l on l.id = c.last_log_id
  order by c.id
$$;

-- ── publishing the head outside the database ───────────────────────────────────────────────

-- Where heads go: the Vault secret audit_head_sink_url (production: an append-only store the
-- database roles cannot rewrite; devstack: the gateway's /devstack/v1/audit-heads, a file).
create function audit.head_sink(out url text, out token text)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if to_regclass('vault.decrypted_secrets') is not null then
    execute $q$select max(s.decrypted_secret) filter (where s.name = 'audit_head_sink_url'),
                      max(s.decrypted_secret) filter (where s.name = 'service_role_key')
               from vault.decrypted_secrets s where s.name in ('audit_head_sink_url', 'service_role_key')$q$
      into url, token;
  end if;
  if url is null then
    raise exception using errcode = 'PT503', message = 'publishing the audit head needs the Vault secret audit_head_sink_url',
      detail = 'audit.sink_missing',
      hint = 'select vault.create_secret(''https://<append-only sink>'', ''audit_head_sink_url'');';
  end if;
end
$$;

-- Records a 'published' checkpoint and posts the head to the sink (pg_net sends it after commit).
create function audit.publish_head()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  head audit.log;
  sink record;
  body jsonb;
begin
  select * into sink from audit.head_sink();
  select * into head from audit.log order by seq desc limit 1;
  if head.id is null then
    return null;
  end if;
  perform audit.record_checkpoint('published');
  body := jsonb_build_object('seq', head.seq, 'hash', encode(head.hash, 'hex'), 'log_id', head.id,
                             'published_at', clock_timestamp());
  perform net.http_post(url := sink.url, body := body,
    headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || coalesce(sink.token, '')),
    timeout_milliseconds := 10000);
  return body;
end
$$;

create function private.job_audit_publish_head(payload jsonb, job jsonb)
returns void language sql security definer set search_path = ''
as $$ select audit.publish_head() $$;

select private.register_job_handler('audit.publish_head', sql_handler => 'private.job_audit_publish_head(jsonb, jsonb)'::regprocedure,
  description => 'publishes the audit chain''s head to the external append-only sink');
select private.declare_schedule(
  'audit.publish_head', '*/5 * * * *',
  $$select private.enqueue('maintenance', 'audit.publish_head', '{}'::jsonb, 'audit.publish_head:' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI'))$$,
  'every 5 minutes: publishes the audit chain''s head outside the database');

-- ── status for the console ─────────────────────────────────────────────────────────────────

-- Incremental by default: starts at the last 'verified' checkpoint whose row still carries the
-- recorded hash, verifies the rows after it, and records a new 'verified' checkpoint at the head.
-- full_chain = true re-reads the whole chain (compliance.export: auditors and super admins).
-- published: the last head the caller read from the sink; compared with the chain.
create function private.audit_chain_status(published jsonb, full_chain boolean)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  anchor audit.checkpoints;
  result record;
  compared boolean := false;
  pub_ok boolean;
  pub_kind text;
  pub_missing bigint;
  pub_reason text;
  from_seq bigint;
begin
  perform private.assert_permission('audit.read');
  if full_chain then
    perform private.assert_permission('compliance.export');
  end if;
  if published is not null and jsonb_typeof(published) <> 'null' then
    select c.ok, c.kind, c.first_missing_seq, c.reason into pub_ok, pub_kind, pub_missing, pub_reason
    from audit.compare_published_head(published) c;
    compared := true;
  end if;

  if not full_chain then
    select c.* into anchor from audit.checkpoints c join audit.log l on l.seq = c.head_seq and l.hash = c.head_hash
    where c.kind = 'verified' order by c.id desc limit 1;
  end if;
  from_seq := coalesce(anchor.head_seq + 1, 1);
  select * into result from audit.verify_chain(from_seq);
  if result.ok and result.checked > 0 then
    perform audit.record_checkpoint('verified');
  end if;

  return jsonb_build_object(
    'ok', result.ok and coalesce(pub_ok, true),
    'chain_ok', result.ok,
    'mode', case when full_chain then 'full' else 'incremental' end,
    'from_seq', from_seq,
    'checked', result.checked,
    'head_seq', result.head_seq,
    'first_broken_id', result.first_broken_id,
    'first_broken_seq', result.first_broken_seq,
    'reason', result.reason,
    'checked_at', clock_timestamp(),
    'checkpoints_ok', coalesce((select bool_and(c.matches) from audit.verify_checkpoints() c), true),
    'published', case when compared then jsonb_build_object(
      'seq', (published ->> 'seq')::bigint, 'hash', published ->> 'hash', 'published_at', published ->> 'published_at',
      'ok', pub_ok, 'kind', pub_kind, 'first_missing_seq', pub_missing, 'reason', pub_reason) end);
end
$$;

drop function public.audit_chain_status();
create function public.audit_chain_status(published jsonb default null, full_chain boolean default false)
returns jsonb
language sql
volatile
security invoker
set search_path = ''
as $$ select private.audit_chain_status(published, coalesce(full_chain, false)) $$;
comment on function public.audit_chain_status(jsonb, boolean) is
  'Verifies the audit chain (audit.read): incrementally from the last verified checkpoint, or fully with full_chain => true '
  '(compliance.export). published: the head last read from the external sink ({seq, hash}); a chain cut short or '
  'rewritten below it is reported with the first missing seq.';

-- The view shows the chain position too.
create or replace view public.audit_log with (security_invoker = true) as
  select id, occurred_at, actor_id, actor_role, impersonation_id, tenant_id, action, entity_type, entity_id,
         reason, before, after, diff, trace_id, ip, user_agent, encode(hash, 'hex') as hash, seq, hash_version
  from audit.log;
comment on column public.audit_log.seq is 'Position in the hash chain (1, 2, 3 … without gaps).';
comment on column public.audit_log.hash_version is '1: hash without diff (rows before 2026-12-06); 2: hash over every shown column.';

revoke execute on function audit.canonical_v2(audit.log), audit.verify_chain(bigint), audit.compare_published_head(jsonb),
  audit.record_checkpoint(text), audit.head_sink(), audit.publish_head() from public, anon, authenticated;
revoke execute on function private.job_audit_publish_head(jsonb, jsonb) from public, anon, authenticated;
revoke execute on function private.audit_chain_status(jsonb, boolean) from public, anon;
grant execute on function private.audit_chain_status(jsonb, boolean) to authenticated, service_role;
revoke execute on function public.audit_chain_status(jsonb, boolean) from public, anon;
grant execute on function public.audit_chain_status(jsonb, boolean) to authenticated, service_role;

-- ── recording this upgrade in the log itself ───────────────────────────────────────────────
do $$
declare
  v1_rows bigint;
  v1_head audit.log;
begin
  select count(*) into v1_rows from audit.log;
  select * into v1_head from audit.log order by seq desc limit 1;
  if v1_head.id is not null then
    insert into audit.checkpoints (last_log_id, head_seq, head_hash, kind) values (v1_head.id, v1_head.seq, v1_head.hash, 'migration');
  end if;
  perform audit.record('audit.chain_upgraded', 'audit_chain', '2', null,
    jsonb_build_object('hash_version', 2, 'numbered_rows', v1_rows, 'v1_head_seq', v1_head.seq,
                       'v1_head_hash', encode(v1_head.hash, 'hex')),
    null, 'hash v2 covers diff, seq and the version; earlier rows keep their v1 hash and were numbered 1..n');
end
$$;
