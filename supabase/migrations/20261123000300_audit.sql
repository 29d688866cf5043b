-- Audit (C3): one append-only, hash-chained log of every HQ action and state change.
--
-- Each row's hash is sha256(previous hash || canonical text of the row). The canonical text is a
-- jsonb object (keys in jsonb's fixed order, time as epoch microseconds), so it does not depend on
-- the session's time zone or date style. Writers take one advisory lock, so concurrent
-- transactions cannot fork the chain from the same previous hash.

create table audit.log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default clock_timestamp(),
  actor_id uuid,
  -- 'super_admin' … for staff, 'tenant_user', 'service_role', 'anon' or 'system'
  actor_role text not null,
  impersonation_id uuid,
  tenant_id uuid,
  action text not null check (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  entity_type text not null,
  entity_id text,
  reason text,
  before jsonb,
  after jsonb,
  diff jsonb,
  trace_id text,
  ip text,
  user_agent text,
  prev_hash bytea not null,
  hash bytea not null unique
);

create index log_occurred_at_idx on audit.log (occurred_at desc);
create index log_entity_idx on audit.log (entity_type, entity_id, id desc);
create index log_actor_idx on audit.log (actor_id, id desc);
create index log_tenant_idx on audit.log (tenant_id, id desc);
create index log_action_idx on audit.log (action, id desc);

-- Head hashes recorded periodically, so a rewrite of the whole chain by the owner is detectable
-- against an earlier checkpoint.
create table audit.checkpoints (
  id bigint generated always as identity primary key,
  recorded_at timestamptz not null default clock_timestamp(),
  last_log_id bigint not null,
  head_hash bytea not null
);

alter table audit.log enable row level security;
alter table audit.checkpoints enable row level security;
revoke all on audit.log, audit.checkpoints from public, anon, authenticated, service_role;

-- Append-only: refused even for roles that hold the privilege.
create function audit.refuse_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception using
    errcode = 'PT403',
    message = format('the audit log is append-only: %s is not allowed', lower(tg_op)),
    detail = 'audit.append_only',
    hint = 'record a new entry instead';
end
$$;

create trigger log_no_update_delete before update or delete on audit.log
  for each row execute function audit.refuse_change();
create trigger log_no_truncate before truncate on audit.log
  for each statement execute function audit.refuse_change();
create trigger checkpoints_no_update_delete before update or delete on audit.checkpoints
  for each row execute function audit.refuse_change();
create trigger checkpoints_no_truncate before truncate on audit.checkpoints
  for each statement execute function audit.refuse_change();

-- plpgsql, not sql: a SQL function with a SET clause is never inlined and re-plans its query on
-- every call on PG15; plpgsql keeps its plans for the session (RLS and audit call these per statement).

-- Keys whose values differ between two row images: {"key": [before, after]}.
create function audit.jsonb_diff(before jsonb, after jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
begin
  return (select coalesce(jsonb_object_agg(key, jsonb_build_array(before -> key, after -> key)), '{}'::jsonb)
          from (select jsonb_object_keys(coalesce(before, '{}')) as key
                union
                select jsonb_object_keys(coalesce(after, '{}'))) keys
          where (before -> key) is distinct from (after -> key));
end
$$;

-- The text that is hashed: independent of session settings.
create function audit.canonical(entry audit.log)
returns text
language plpgsql
immutable
set search_path = ''
as $$
begin
  return jsonb_build_object(
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
    'trace_id', entry.trace_id,
    'ip', entry.ip,
    'user_agent', entry.user_agent)::text;
end
$$;

create function audit.chain_hash(prev_hash bytea, entry audit.log)
returns bytea
language plpgsql
immutable
set search_path = ''
as $$
begin
  return extensions.digest(prev_hash || convert_to(audit.canonical(entry), 'UTF8'), 'sha256');
end
$$;

-- Extension points: who the actor is. The staff and impersonation migrations replace these with
-- lookups in their tables; until then the JWT role is all that is known.
create function private.current_actor_role()
returns text
language sql
stable
set search_path = ''
as $$
  select coalesce(nullif(auth.role(), ''), 'system')
$$;

create function private.current_impersonation_id(tenant_id uuid)
returns uuid
language sql
stable
set search_path = ''
as $$
  select null::uuid
$$;


-- The one way to write the audit log. Called by state-changing functions in the same transaction,
-- so an action and its audit entry commit or roll back together.
create function audit.record(
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
  prev bytea;
  headers jsonb := nullif(current_setting('request.headers', true), '')::jsonb;
begin
  if record.action is null or record.action !~ '^[a-z_]+(\.[a-z_]+)+$' then
    raise exception using errcode = '22023', message = format('invalid audit action %L', record.action),
      detail = 'audit.invalid_action', hint = 'use resource.verb, e.g. tenant.activate';
  end if;
  if record.entity_type is null or record.entity_type = '' then
    raise exception using errcode = '22023', message = 'audit entity_type is required',
      detail = 'audit.invalid_entity', hint = 'name the kind of thing acted on, e.g. tenant';
  end if;

  perform pg_advisory_xact_lock(hashtext('audit.log chain'));
  select l.hash into prev from audit.log l order by l.id desc limit 1;
  prev := coalesce(prev, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);

  entry.id := nextval(pg_get_serial_sequence('audit.log', 'id'));
  entry.occurred_at := clock_timestamp();
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
  entry.trace_id := coalesce(headers ->> 'x-trace-id', headers ->> 'traceparent');
  -- Only the first address of X-Forwarded-For (the client); cut to keep log lines bounded.
  entry.ip := left(trim(split_part(headers ->> 'x-forwarded-for', ',', 1)), 64);
  entry.user_agent := left(headers ->> 'user-agent', 512);
  entry.prev_hash := prev;
  entry.hash := audit.chain_hash(prev, entry);

  insert into audit.log overriding system value select entry.*;
  return entry.id;
end
$$;

-- Recomputes the chain in order; reports the first row whose link or hash does not match.
create function audit.verify_chain(from_id bigint default null)
returns table (ok boolean, checked bigint, first_broken_id bigint, reason text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  entry audit.log;
  expected_prev bytea;
  n bigint := 0;
begin
  if from_id is not null then
    select l.hash into expected_prev from audit.log l where l.id < from_id order by l.id desc limit 1;
  end if;
  expected_prev := coalesce(expected_prev, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
  for entry in select * from audit.log l where l.id >= coalesce(from_id, 0) order by l.id loop
    n := n + 1;
    if entry.prev_hash is distinct from expected_prev then
      return query select false, n, entry.id, 'prev_hash does not match the previous row''s hash';
      return;
    end if;
    if entry.hash is distinct from audit.chain_hash(entry.prev_hash, entry) then
      return query select false, n, entry.id, 'hash does not match the row''s content';
      return;
    end if;
    expected_prev := entry.hash;
  end loop;
  return query select true, n, null::bigint, null::text;
end
$$;

-- Records the current head; run by a scheduled job. Also detects a rewritten chain: the row a
-- checkpoint named must still carry the hash recorded for it.
create function audit.checkpoint()
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  head audit.log;
  new_id bigint;
begin
  select * into head from audit.log order by id desc limit 1;
  if head.id is null then
    return null;
  end if;
  insert into audit.checkpoints (last_log_id, head_hash) values (head.id, head.hash) returning id into new_id;
  return new_id;
end
$$;

create function audit.verify_checkpoints()
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

revoke execute on all functions in schema audit from public, anon, authenticated;
revoke execute on function private.current_actor_role(), private.current_impersonation_id(uuid) from public, anon;
grant execute on function audit.record(text, text, text, jsonb, jsonb, uuid, text) to service_role;
