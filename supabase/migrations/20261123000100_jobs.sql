-- Jobs backbone (C10): queues with retries, backoff, dead letters and idempotency on pgmq.
--
-- A job is a pgmq message {job_id, job_type, payload, idempotency_key, max_attempts, run_at,
-- attempts_before} in the queue of its concern. pgmq gives visibility timeouts; this layer adds
-- what pgmq lacks: a handler registry, per-attempt subtransactions, exponential backoff with
-- jitter, a dead-letter queue per queue, dedupe by key, run history, pause/resume and stats.
-- The pg_cron schedules (the dispatcher among them) live in the calendar migration.
--
-- Only the pgmq API common to 1.4.4 and 1.5.1 is used (no headers, no timestamptz delays), plus
-- the documented queue table layout pgmq.q_<name> where a message must be found by content.

-- ─── configuration ─────────────────────────────────────────────────────────────────────────

create table private.job_queues (
  queue_name text primary key
    -- pgmq names are at most 47 characters and '<queue>_dlq' must fit too.
    check (queue_name ~ '^[a-z][a-z0-9_]*$' and length(queue_name) <= 43),
  dead_letter_queue text not null unique,
  description text not null default '',
  max_attempts int not null default 5 check (max_attempts between 1 and 100),
  -- How long a read job stays invisible: the acknowledgement window of Edge Function jobs.
  visibility_timeout_seconds int not null default 300 check (visibility_timeout_seconds between 1 and 86400),
  -- At most 64 so one batch's subtransactions never overflow the per-backend subxid cache.
  batch_size int not null default 50 check (batch_size between 1 and 64),
  backoff_base_seconds int not null default 10 check (backoff_base_seconds between 1 and 86400),
  backoff_max_seconds int not null default 3600 check (backoff_max_seconds between 1 and 604800),
  idempotency_retention interval not null default '24 hours' check (idempotency_retention >= interval '0'),
  history_retention interval not null default '14 days' check (history_retention >= interval '0'),
  paused_at timestamptz,
  paused_reason text,
  created_at timestamptz not null default now(),
  check (backoff_max_seconds >= backoff_base_seconds)
);
comment on table private.job_queues is 'One row per job queue (a pgmq queue plus its <name>_dlq dead-letter queue) with its retry policy.';

create table private.job_handlers (
  job_type text primary key check (job_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' and length(job_type) <= 100),
  -- Schema-qualified name of a function(payload jsonb, job jsonb); text, not regprocedure,
  -- because pg_upgrade refuses user tables with reg* columns.
  sql_handler text,
  edge_function text check (edge_function ~ '^[A-Za-z0-9_-]{1,100}$'),
  max_attempts int check (max_attempts between 1 and 100),
  description text not null default '',
  updated_at timestamptz not null default now(),
  check ((sql_handler is null) <> (edge_function is null))
);
comment on table private.job_handlers is 'job_type → SQL handler function (database work) or Edge Function name (HTTP work through pg_net).';

-- ─── state ─────────────────────────────────────────────────────────────────────────────────

create sequence private.job_id_seq as bigint;

-- Keys of jobs enqueued with an idempotency key. A key is held while its job is pending or
-- dead-lettered (it can be retried) and for the queue's retention window after success.
create table private.job_keys (
  queue_name text not null references private.job_queues (queue_name) on delete cascade,
  idempotency_key text not null,
  job_id bigint not null,
  state text not null check (state in ('pending', 'succeeded', 'dead')),
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (queue_name, idempotency_key),
  check ((state = 'succeeded') = (expires_at is not null))
);
create index job_keys_expires_at_idx on private.job_keys (expires_at) where expires_at is not null;

-- Every attempt of every job.
create table private.job_runs (
  id bigint generated always as identity primary key,
  job_id bigint not null,
  queue_name text not null,
  job_type text not null,
  msg_id bigint not null,
  attempt int not null check (attempt >= 1),
  handler_kind text not null check (handler_kind in ('sql', 'edge_function', 'none')),
  run_at timestamptz,
  started_at timestamptz not null,
  ended_at timestamptz,
  outcome text not null check (outcome in ('running', 'succeeded', 'failed', 'dead_lettered', 'timed_out')),
  error_message text,
  error_sqlstate text,
  error_detail text,
  retry_at timestamptz,
  net_request_id bigint,
  duration_ms numeric generated always as (round(extract(epoch from (ended_at - started_at)) * 1000, 3)) stored,
  check ((outcome = 'running') = (ended_at is null))
);
create index job_runs_job_attempt_idx on private.job_runs (job_id, attempt);
create index job_runs_queue_started_idx on private.job_runs (queue_name, started_at);
comment on table private.job_runs is 'Run history: one row per attempt (outcome running until an Edge Function acknowledges).';

alter table private.job_queues enable row level security;
alter table private.job_handlers enable row level security;
alter table private.job_keys enable row level security;
alter table private.job_runs enable row level security;
-- No policies: only the owner (the security-definer functions below) and service_role read them.
revoke all on private.job_queues, private.job_handlers, private.job_keys, private.job_runs from public, anon, authenticated;
grant select on private.job_queues, private.job_handlers, private.job_keys, private.job_runs to service_role;
revoke all on sequence private.job_id_seq from public, anon, authenticated;

-- ─── small helpers ─────────────────────────────────────────────────────────────────────────

-- The one permission check of operator functions. Until HQ staff exist (issue 5 redefines it)
-- the service role and direct database sessions (migrations, pg_cron, psql) may operate jobs.
create function private.assert_job_operator()
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if coalesce(auth.role(), '') = 'service_role' then
    return;
  end if;
  if nullif(current_setting('request.jwt.claims', true), '') is null
     and nullif(current_setting('request.jwt.claim.role', true), '') is null
     and session_user::text <> 'authenticator' then
    return;
  end if;
  raise exception using errcode = 'PT403', message = 'not allowed to operate the job system',
    detail = 'jobs.forbidden', hint = 'use the service role (HQ staff permissions arrive with the staff issue)';
end
$$;

create function private.job_queue(p_queue text)
returns private.job_queues
language plpgsql
stable
set search_path = ''
as $$
declare
  v_queue private.job_queues;
begin
  select * into v_queue from private.job_queues q where q.queue_name = p_queue;
  if not found then
    raise exception using errcode = 'PT404', message = format('unknown job queue: %s', coalesce(p_queue, 'null')),
      detail = 'jobs.unknown_queue',
      hint = 'queues: ' || coalesce((select string_agg(q.queue_name, ', ' order by q.queue_name) from private.job_queues q), 'none');
  end if;
  return v_queue;
end
$$;

-- Exponential backoff, capped, with ±25 % jitter so jobs that failed together do not retry
-- together. The ranges of consecutive attempts never overlap: each delay is longer than the last.
create function private.job_backoff_seconds(p_attempt int, p_base_seconds int, p_max_seconds int)
returns int
language sql
volatile
set search_path = ''
as $$
  select ceil(least(p_max_seconds::numeric, p_base_seconds * power(2::numeric, least(greatest(p_attempt, 1) - 1, 40)))
              * (0.75 + random() * 0.5))::int
$$;

-- ─── queues and handlers (declared by migrations) ──────────────────────────────────────────

create function private.create_job_queue(
  queue_name text,
  description text default '',
  max_attempts int default 5,
  visibility_timeout_seconds int default 300,
  batch_size int default 50,
  backoff_base_seconds int default 10,
  backoff_max_seconds int default 3600,
  idempotency_retention interval default '24 hours',
  history_retention interval default '14 days'
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_dlq text := create_job_queue.queue_name || '_dlq';
begin
  if create_job_queue.queue_name is null or create_job_queue.queue_name !~ '^[a-z][a-z0-9_]*$' or length(create_job_queue.queue_name) > 43
     or create_job_queue.queue_name like '%\_dlq' then
    raise exception using errcode = 'PT400', message = format('invalid queue name: %s', coalesce(create_job_queue.queue_name, 'null')),
      detail = 'jobs.invalid_queue_name', hint = 'lower-case letters, digits and _, at most 43 characters, not ending in _dlq';
  end if;
  -- The declaration wins: re-running a migration resets the policy to what it declares.
  insert into private.job_queues as q (queue_name, dead_letter_queue, description, max_attempts, visibility_timeout_seconds,
    batch_size, backoff_base_seconds, backoff_max_seconds, idempotency_retention, history_retention)
  values (create_job_queue.queue_name, v_dlq, coalesce(create_job_queue.description, ''), create_job_queue.max_attempts,
    create_job_queue.visibility_timeout_seconds, create_job_queue.batch_size, create_job_queue.backoff_base_seconds,
    create_job_queue.backoff_max_seconds, create_job_queue.idempotency_retention, create_job_queue.history_retention)
  on conflict on constraint job_queues_pkey do update set
    description = excluded.description, max_attempts = excluded.max_attempts,
    visibility_timeout_seconds = excluded.visibility_timeout_seconds, batch_size = excluded.batch_size,
    backoff_base_seconds = excluded.backoff_base_seconds, backoff_max_seconds = excluded.backoff_max_seconds,
    idempotency_retention = excluded.idempotency_retention, history_retention = excluded.history_retention;
  if not exists (select from pgmq.list_queues() l where l.queue_name = create_job_queue.queue_name) then
    perform pgmq.create(create_job_queue.queue_name);
  end if;
  if not exists (select from pgmq.list_queues() l where l.queue_name = v_dlq) then
    perform pgmq.create(v_dlq);
  end if;
end
$$;

create function private.register_job_handler(
  job_type text,
  sql_handler regprocedure default null,
  edge_function text default null,
  max_attempts int default null,
  description text default ''
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_handler text;
begin
  if register_job_handler.job_type is null
     or register_job_handler.job_type !~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' or length(register_job_handler.job_type) > 100 then
    raise exception using errcode = 'PT400', message = format('invalid job type: %s', coalesce(register_job_handler.job_type, 'null')),
      detail = 'jobs.invalid_job_type', hint = 'dotted lower-case words, e.g. billing.renew_subscription';
  end if;
  if (register_job_handler.sql_handler is null) = (register_job_handler.edge_function is null) then
    raise exception using errcode = 'PT400', message = 'a handler is either a SQL function or an Edge Function',
      detail = 'jobs.invalid_handler', hint = 'pass exactly one of sql_handler, edge_function';
  end if;
  if register_job_handler.edge_function is not null and register_job_handler.edge_function !~ '^[A-Za-z0-9_-]{1,100}$' then
    raise exception using errcode = 'PT400', message = format('invalid Edge Function name: %s', register_job_handler.edge_function),
      detail = 'jobs.invalid_handler', hint = 'the folder name under supabase/functions';
  end if;
  if register_job_handler.max_attempts is not null and register_job_handler.max_attempts not between 1 and 100 then
    raise exception using errcode = 'PT400', message = 'max_attempts must be between 1 and 100',
      detail = 'jobs.invalid_max_attempts', hint = 'or null for the queue''s default';
  end if;
  if register_job_handler.sql_handler is not null then
    if not exists (
      select from pg_catalog.pg_proc p
      where p.oid = register_job_handler.sql_handler and p.prokind = 'f'
        and p.proargtypes = '3802 3802'::pg_catalog.oidvector   -- (jsonb, jsonb)
    ) then
      raise exception using errcode = 'PT400', message = format('%s is not a handler function', register_job_handler.sql_handler),
        detail = 'jobs.invalid_handler_signature', hint = 'a handler is a function(payload jsonb, job jsonb); its result is ignored';
    end if;
    -- Schema-qualified and quoted as needed (search_path is empty here).
    v_handler := register_job_handler.sql_handler::regproc::text;
  end if;
  insert into private.job_handlers as h (job_type, sql_handler, edge_function, max_attempts, description, updated_at)
  values (register_job_handler.job_type, v_handler, register_job_handler.edge_function, register_job_handler.max_attempts,
    coalesce(register_job_handler.description, ''), now())
  on conflict on constraint job_handlers_pkey do update set
    sql_handler = excluded.sql_handler, edge_function = excluded.edge_function, max_attempts = excluded.max_attempts,
    description = excluded.description, updated_at = excluded.updated_at;
end
$$;

-- ─── enqueue ───────────────────────────────────────────────────────────────────────────────

create function private.enqueue(
  queue text,
  job_type text,
  payload jsonb,
  idempotency_key text default null,
  run_at timestamptz default now(),
  max_attempts int default null
)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_queue_name text;
  v_queue_max_attempts int;
  v_known_type boolean;
  v_handler_max_attempts int;
  v_max_attempts int;
  v_job_id bigint;
  v_held_by bigint;
  v_run_at timestamptz := coalesce(enqueue.run_at, now());
  v_delay int;
  v_message jsonb;
begin
  -- One lookup for both; the error paths call the helpers that explain what is wrong.
  select q.queue_name, q.max_attempts, h.job_type is not null, h.max_attempts
  into v_queue_name, v_queue_max_attempts, v_known_type, v_handler_max_attempts
  from private.job_queues q left join private.job_handlers h on h.job_type = enqueue.job_type
  where q.queue_name = enqueue.queue;
  if v_queue_name is null then
    perform private.job_queue(enqueue.queue);
  end if;
  if not v_known_type then
    raise exception using errcode = 'PT404', message = format('unknown job type: %s', coalesce(enqueue.job_type, 'null')),
      detail = 'jobs.unknown_job_type', hint = 'register its handler with private.register_job_handler in a migration';
  end if;
  if enqueue.payload is null or jsonb_typeof(enqueue.payload) <> 'object' then
    raise exception using errcode = 'PT400',
      message = format('job payload must be a JSON object, got %s', coalesce(jsonb_typeof(enqueue.payload), 'null')),
      detail = 'jobs.invalid_payload', hint = 'pass ''{}'' when the job needs no input';
  end if;
  if enqueue.max_attempts is not null and enqueue.max_attempts not between 1 and 100 then
    raise exception using errcode = 'PT400', message = format('max_attempts must be between 1 and 100, got %s', enqueue.max_attempts),
      detail = 'jobs.invalid_max_attempts', hint = 'or null for the job type''s or queue''s default';
  end if;
  if enqueue.idempotency_key is not null and (btrim(enqueue.idempotency_key) = '' or length(enqueue.idempotency_key) > 200) then
    raise exception using errcode = 'PT400', message = 'idempotency_key must be 1 to 200 characters and not blank',
      detail = 'jobs.invalid_idempotency_key', hint = 'e.g. ''renew:<subscription id>:<period>'', or null for no dedupe';
  end if;
  v_max_attempts := coalesce(enqueue.max_attempts, v_handler_max_attempts, v_queue_max_attempts);
  v_job_id := nextval('private.job_id_seq');

  if enqueue.idempotency_key is not null then
    -- One statement claims the key or finds its holder, so concurrent enqueues agree.
    insert into private.job_keys as k (queue_name, idempotency_key, job_id, state)
    values (v_queue_name, enqueue.idempotency_key, v_job_id, 'pending')
    on conflict on constraint job_keys_pkey do update
      set job_id = excluded.job_id, state = 'pending', expires_at = null, created_at = now()
      where k.state = 'succeeded' and k.expires_at <= private.now()
    returning k.job_id into v_held_by;
    if v_held_by is null then
      select k.job_id into v_held_by from private.job_keys k
      where k.queue_name = v_queue_name and k.idempotency_key = enqueue.idempotency_key;
      return v_held_by;
    end if;
  end if;

  v_message := jsonb_build_object('job_id', v_job_id, 'job_type', enqueue.job_type, 'payload', enqueue.payload,
    'max_attempts', v_max_attempts, 'run_at', v_run_at);
  if enqueue.idempotency_key is not null then
    v_message := v_message || jsonb_build_object('idempotency_key', enqueue.idempotency_key);
  end if;
  -- Whole seconds: the pgmq API shared by 1.4 and 1.5 takes an integer delay.
  v_delay := least(greatest(ceil(extract(epoch from (v_run_at - clock_timestamp()))), 0), 2147483647)::int;
  perform pgmq.send(v_queue_name, v_message, v_delay);
  return v_job_id;
end
$$;

-- ─── outcomes shared by the dispatcher and the acknowledgement RPCs ────────────────────────

create function private.dead_letter_job(p_queue private.job_queues, p_msg_id bigint, p_message jsonb, p_attempt int, p_error jsonb)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform pgmq.send(p_queue.dead_letter_queue,
    p_message || jsonb_build_object('attempts', p_attempt, 'last_error', p_error,
      'dead_lettered_at', clock_timestamp(), 'source_msg_id', p_msg_id), 0);
  perform pgmq.delete(p_queue.queue_name, p_msg_id);
  if p_message ? 'idempotency_key' then
    update private.job_keys k set state = 'dead'
    where k.queue_name = p_queue.queue_name and k.idempotency_key = p_message ->> 'idempotency_key'
      and k.job_id = (p_message ->> 'job_id')::bigint;
  end if;
end
$$;

-- A failed attempt: back off and retry, or dead-letter once the attempts are spent.
-- Returns the outcome of the attempt and, when retried, when the next attempt is due.
create function private.job_attempt_failed(
  p_queue private.job_queues, p_msg_id bigint, p_message jsonb, p_read_ct int, p_attempt int, p_error jsonb,
  p_retry boolean default true, out outcome text, out retry_at timestamptz)
language plpgsql
set search_path = ''
as $$
begin
  if p_retry and p_read_ct < coalesce((p_message ->> 'max_attempts')::int, p_queue.max_attempts) then
    select m.vt into retry_at
    from pgmq.set_vt(p_queue.queue_name, p_msg_id,
      private.job_backoff_seconds(p_read_ct, p_queue.backoff_base_seconds, p_queue.backoff_max_seconds)) m;
    outcome := 'failed';
  else
    perform private.dead_letter_job(p_queue, p_msg_id, p_message, p_attempt, p_error);
    outcome := 'dead_lettered';
  end if;
end
$$;

create function private.job_succeeded_keys(p_queue private.job_queues, p_keys text[])
returns void
language sql
set search_path = ''
as $$
  update private.job_keys k
  set state = 'succeeded', expires_at = private.now() + p_queue.idempotency_retention
  where k.queue_name = p_queue.queue_name and k.idempotency_key = any (p_keys);
$$;

-- Where Edge Functions live and the key to call them with, from Vault.
create function private.edge_function_target(out base_url text, out service_key text)
language plpgsql
stable
set search_path = ''
as $$
begin
  if to_regclass('vault.decrypted_secrets') is not null then
    execute $q$select max(s.decrypted_secret) filter (where s.name = 'project_url'),
                      max(s.decrypted_secret) filter (where s.name = 'service_role_key')
               from vault.decrypted_secrets s where s.name in ('project_url', 'service_role_key')$q$
      into base_url, service_key;
  end if;
  if base_url is null or service_key is null then
    raise exception using errcode = 'PT503', message = 'Edge Function jobs need the Vault secrets project_url and service_role_key',
      detail = 'jobs.edge_config_missing',
      hint = 'select vault.create_secret(''https://<ref>.supabase.co'', ''project_url''); and the same for service_role_key';
  end if;
  base_url := rtrim(base_url, '/');
end
$$;

-- ─── dispatcher ────────────────────────────────────────────────────────────────────────────

-- Reads one batch per queue (or of one queue), runs each SQL handler in its own subtransaction,
-- posts Edge Function jobs through pg_net, deletes successes, backs off or dead-letters failures.
-- Returns how many jobs it handled. Concurrent dispatchers never share a job: pgmq.read locks
-- with SKIP LOCKED and hides what it read until the visibility timeout.
create function private.dispatch(queue text default null, batch_size int default null)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_queue private.job_queues;
  v_job record;
  v_handled int := 0;
  v_attempt int;
  v_job_id bigint;
  v_context jsonb;
  v_started timestamptz;
  v_failed record;
  v_error jsonb;
  v_sqlstate text;
  v_message text;
  v_detail text;
  v_request_id bigint;
  v_base_url text;
  v_service_key text;
  v_done bigint[];
  v_done_keys text[];
  -- The batch's run history, written with one INSERT per batch.
  r_job_id bigint[];
  r_job_type text[];
  r_msg_id bigint[];
  r_attempt int[];
  r_kind text[];
  r_run_at timestamptz[];
  r_started timestamptz[];
  r_ended timestamptz[];
  r_outcome text[];
  r_error jsonb[];
  r_retry_at timestamptz[];
  r_request_id bigint[];
begin
  if dispatch.batch_size is not null and dispatch.batch_size not between 1 and 64 then
    raise exception using errcode = 'PT400', message = 'batch_size must be between 1 and 64',
      detail = 'jobs.invalid_batch_size', hint = 'or null for the queue''s batch size';
  end if;
  if dispatch.queue is not null then
    perform private.job_queue(dispatch.queue);
  end if;

  for v_queue in
    select * from private.job_queues q
    where q.paused_at is null and (dispatch.queue is null or q.queue_name = dispatch.queue)
    order by q.queue_name
  loop
    v_done := '{}';
    v_done_keys := '{}';
    r_job_id := '{}'; r_job_type := '{}'; r_msg_id := '{}'; r_attempt := '{}'; r_kind := '{}'; r_run_at := '{}';
    r_started := '{}'; r_ended := '{}'; r_outcome := '{}'; r_error := '{}'; r_retry_at := '{}'; r_request_id := '{}';
    for v_job in
      select m.msg_id, m.read_ct, m.message, h.sql_handler, h.edge_function
      from pgmq.read(v_queue.queue_name, v_queue.visibility_timeout_seconds, coalesce(dispatch.batch_size, v_queue.batch_size)) m
      left join private.job_handlers h on h.job_type = m.message ->> 'job_type'
    loop
      v_handled := v_handled + 1;
      v_started := clock_timestamp();
      v_job_id := (v_job.message ->> 'job_id')::bigint;
      v_attempt := coalesce((v_job.message ->> 'attempts_before')::int, 0) + v_job.read_ct;
      v_error := null;
      v_request_id := null;

      -- Read again: the previous attempt was an Edge Function call that never acknowledged.
      if v_job.read_ct > 1 then
        update private.job_runs r
        set outcome = 'timed_out', ended_at = v_started,
            error_message = format('no acknowledgement within %s s', v_queue.visibility_timeout_seconds),
            error_detail = 'jobs.ack_timeout'
        where r.job_id = v_job_id and r.attempt = v_attempt - 1 and r.outcome = 'running';
        if found and v_job.read_ct > coalesce((v_job.message ->> 'max_attempts')::int, v_queue.max_attempts) then
          perform private.dead_letter_job(v_queue, v_job.msg_id, v_job.message, v_attempt - 1,
            jsonb_build_object('message', format('no acknowledgement within %s s', v_queue.visibility_timeout_seconds),
              'detail', 'jobs.ack_timeout', 'attempt', v_attempt - 1, 'at', v_started));
          update private.job_runs r set outcome = 'dead_lettered'
          where r.job_id = v_job_id and r.attempt = v_attempt - 1;
          continue;
        end if;
      end if;

      v_context := jsonb_build_object('job_id', v_job_id, 'queue', v_queue.queue_name, 'job_type', v_job.message ->> 'job_type',
        'attempt', v_attempt, 'max_attempts', (v_job.message -> 'max_attempts'), 'idempotency_key', v_job.message -> 'idempotency_key',
        'msg_id', v_job.msg_id);
      -- Each handler in its own subtransaction: a failing job never rolls back the others.
      begin
        if v_job.sql_handler is not null then
          execute format('select %s($1, $2)', v_job.sql_handler) using v_job.message -> 'payload', v_context;
        elsif v_job.edge_function is not null then
          if v_base_url is null then
            select t.base_url, t.service_key into v_base_url, v_service_key from private.edge_function_target() t;
          end if;
          v_request_id := net.http_post(
            url := v_base_url || '/functions/v1/' || v_job.edge_function,
            body := v_context || jsonb_build_object('payload', v_job.message -> 'payload'),
            params := '{}'::jsonb,
            headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || v_service_key),
            timeout_milliseconds := least(v_queue.visibility_timeout_seconds, 60) * 1000);
        else
          raise exception using errcode = 'PT404', message = format('no handler registered for job type %s', v_job.message ->> 'job_type'),
            detail = 'jobs.no_handler';
        end if;
      exception when others then
        get stacked diagnostics v_sqlstate = returned_sqlstate, v_message = message_text, v_detail = pg_exception_detail;
        v_error := jsonb_build_object('message', v_message, 'sqlstate', v_sqlstate, 'detail', nullif(v_detail, ''),
          'attempt', v_attempt, 'at', clock_timestamp());
      end;

      r_job_id := r_job_id || v_job_id;
      r_job_type := r_job_type || (v_job.message ->> 'job_type');
      r_msg_id := r_msg_id || v_job.msg_id;
      r_attempt := r_attempt || v_attempt;
      r_kind := r_kind || case when v_job.sql_handler is not null then 'sql' when v_job.edge_function is not null then 'edge_function' else 'none' end;
      r_run_at := r_run_at || (v_job.message ->> 'run_at')::timestamptz;
      r_started := r_started || v_started;
      r_error := r_error || v_error;
      r_request_id := r_request_id || v_request_id;
      if v_error is null and v_job.sql_handler is null then
        -- Posted: the Edge Function acknowledges with complete_job / fail_job.
        r_ended := r_ended || null::timestamptz;
        r_outcome := r_outcome || 'running'::text;
        r_retry_at := r_retry_at || null::timestamptz;
      elsif v_error is null then
        v_done := v_done || v_job.msg_id;
        if v_job.message ? 'idempotency_key' then
          v_done_keys := v_done_keys || (v_job.message ->> 'idempotency_key');
        end if;
        r_ended := r_ended || clock_timestamp();
        r_outcome := r_outcome || 'succeeded'::text;
        r_retry_at := r_retry_at || null::timestamptz;
      else
        select f.outcome, f.retry_at into v_failed
        from private.job_attempt_failed(v_queue, v_job.msg_id, v_job.message, v_job.read_ct, v_attempt, v_error) f;
        r_ended := r_ended || clock_timestamp();
        r_outcome := r_outcome || v_failed.outcome;
        r_retry_at := r_retry_at || v_failed.retry_at;
      end if;
    end loop;

    if cardinality(r_job_id) > 0 then
      insert into private.job_runs (job_id, queue_name, job_type, msg_id, attempt, handler_kind, run_at, started_at, ended_at,
        outcome, error_message, error_sqlstate, error_detail, retry_at, net_request_id)
      select u.job_id, v_queue.queue_name, u.job_type, u.msg_id, u.attempt, u.kind, u.run_at, u.started, u.ended,
        u.outcome, u.error ->> 'message', u.error ->> 'sqlstate', u.error ->> 'detail', u.retry_at, u.request_id
      from unnest(r_job_id, r_job_type, r_msg_id, r_attempt, r_kind, r_run_at, r_started, r_ended, r_outcome, r_error,
        r_retry_at, r_request_id) as u(job_id, job_type, msg_id, attempt, kind, run_at, started, ended, outcome, error, retry_at, request_id);
    end if;
    if cardinality(v_done) > 0 then
      perform pgmq.delete(v_queue.queue_name, v_done);
    end if;
    if cardinality(v_done_keys) > 0 then
      perform private.job_succeeded_keys(v_queue, v_done_keys);
    end if;
  end loop;
  return v_handled;
end
$$;

-- What pg_cron runs every minute: dispatch in a loop until the end of the minute, committing
-- after every round and sleeping only when there was nothing to do (20 ms after work, doubling
-- up to poll_interval_ms while idle). Debian's pg_cron 1.4 has
-- no sub-minute schedules; this gives sub-second dispatch on every pg_cron version.
-- A procedure (to commit between rounds), so neither SECURITY DEFINER nor SET search_path are
-- allowed; every name is schema-qualified and only the owner may call it.
create procedure private.run_dispatcher(
  max_seconds int default null,
  poll_interval_ms int default 500,
  cron_job_name text default 'jobs.dispatch'
)
language plpgsql
as $$
declare
  v_started timestamptz := clock_timestamp();
  v_deadline timestamptz;
  v_lock_id bigint := private.job_dispatcher_lock_id();
  v_handled int;
  v_idle_sleep_ms int := poll_interval_ms;
  v_locked boolean := false;
begin
  -- Without a budget, stop just before the next minute's run starts.
  v_deadline := case when max_seconds is null
                     then date_trunc('minute', v_started) + interval '59 seconds'
                     else v_started + make_interval(secs => max_seconds) end;
  -- One runner at a time. A new run may overlap the previous one's last round: wait a little.
  for i in 1..50 loop
    v_locked := pg_catalog.pg_try_advisory_lock(v_lock_id);
    exit when v_locked;
    perform pg_catalog.pg_sleep(0.1);
  end loop;
  if not v_locked then
    raise notice 'another dispatcher is running; this run stops';
    return;
  end if;
  commit;
  loop
    -- Deactivating or unscheduling the cron job stops the running dispatcher within a round.
    exit when cron_job_name is not null
      and not exists (select from cron.job j where j.jobname = cron_job_name and j.active);
    v_handled := private.dispatch();
    commit;
    exit when clock_timestamp() >= v_deadline;
    if v_handled = 0 then
      -- Poll quickly right after work (more tends to follow), slowing down to poll_interval_ms.
      v_idle_sleep_ms := least(greatest(v_idle_sleep_ms * 2, 20), poll_interval_ms);
      perform pg_catalog.pg_sleep(least(v_idle_sleep_ms / 1000.0,
        greatest(extract(epoch from (v_deadline - clock_timestamp())), 0)));
      commit;
    else
      v_idle_sleep_ms := 0;
    end if;
  end loop;
  perform pg_catalog.pg_advisory_unlock(v_lock_id);
end
$$;

-- The advisory lock that makes run_dispatcher single-instance; an operator (or a test) that
-- holds it keeps the scheduled dispatcher from running.
create function private.job_dispatcher_lock_id()
returns bigint
language sql
immutable
set search_path = ''
as $$ select 7316248213001::bigint $$;

-- ─── acknowledgements from Edge Functions ──────────────────────────────────────────────────

create function private.job_running_attempt(p_job_id bigint, p_attempt int)
returns private.job_runs
language plpgsql
set search_path = ''
as $$
declare
  v_run private.job_runs;
begin
  if p_job_id is null or p_attempt is null then
    raise exception using errcode = 'PT400', message = 'job_id and attempt are required',
      detail = 'jobs.invalid_acknowledgement', hint = 'echo job_id and attempt from the request body';
  end if;
  select * into v_run from private.job_runs r
  where r.job_id = p_job_id and r.attempt = p_attempt
  order by r.id desc limit 1
  for update;
  if not found then
    raise exception using errcode = 'PT404', message = format('no attempt %s of job %s', p_attempt, p_job_id),
      detail = 'jobs.unknown_attempt', hint = 'echo job_id and attempt from the request body';
  end if;
  if v_run.outcome <> 'running' then
    raise exception using errcode = 'PT409', message = format('attempt %s of job %s is no longer running (%s)', p_attempt, p_job_id, v_run.outcome),
      detail = 'jobs.stale_attempt', hint = 'the attempt timed out or was acknowledged already; a later attempt may be running';
  end if;
  return v_run;
end
$$;

create function private.complete_job(job_id bigint, attempt int)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run private.job_runs := private.job_running_attempt(complete_job.job_id, complete_job.attempt);
  v_queue private.job_queues := private.job_queue(v_run.queue_name);
  v_key text;
begin
  execute format('select m.message ->> ''idempotency_key'' from pgmq.%I m where m.msg_id = $1', 'q_' || v_queue.queue_name)
    into v_key using v_run.msg_id;
  perform pgmq.delete(v_queue.queue_name, v_run.msg_id);
  update private.job_runs r set outcome = 'succeeded', ended_at = clock_timestamp() where r.id = v_run.id;
  if v_key is not null then
    perform private.job_succeeded_keys(v_queue, array[v_key]);
  end if;
end
$$;

create function private.fail_job(job_id bigint, attempt int, error text, retry boolean default true)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run private.job_runs := private.job_running_attempt(fail_job.job_id, fail_job.attempt);
  v_queue private.job_queues := private.job_queue(v_run.queue_name);
  v_message jsonb;
  v_read_ct int;
  v_now timestamptz := clock_timestamp();
  v_failed record;
begin
  if fail_job.error is null or btrim(fail_job.error) = '' then
    raise exception using errcode = 'PT400', message = 'error is required', detail = 'jobs.invalid_acknowledgement',
      hint = 'say what went wrong; it is kept in the run history and the dead letter';
  end if;
  execute format('select m.message, m.read_ct from pgmq.%I m where m.msg_id = $1 for update', 'q_' || v_queue.queue_name)
    into v_message, v_read_ct using v_run.msg_id;
  if v_message is null then
    raise exception using errcode = 'PT409', message = format('job %s is no longer in its queue', fail_job.job_id),
      detail = 'jobs.stale_attempt';
  end if;
  select * into v_failed from private.job_attempt_failed(v_queue, v_run.msg_id, v_message, v_read_ct, v_run.attempt,
    jsonb_build_object('message', left(fail_job.error, 2000), 'detail', 'jobs.edge_function_failed', 'attempt', v_run.attempt, 'at', v_now),
    coalesce(fail_job.retry, true));
  update private.job_runs r
  set outcome = v_failed.outcome, ended_at = v_now, error_message = left(fail_job.error, 2000),
      error_detail = 'jobs.edge_function_failed', retry_at = v_failed.retry_at
  where r.id = v_run.id;
  return v_failed.outcome;
end
$$;

-- ─── operator functions ────────────────────────────────────────────────────────────────────

create function private.retry_dead_letter(queue text, job_id bigint)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_queue private.job_queues;
  v_dead record;
begin
  perform private.assert_job_operator();
  v_queue := private.job_queue(retry_dead_letter.queue);
  execute format('select m.msg_id, m.message from pgmq.%I m where m.message @> jsonb_build_object(''job_id'', $1::bigint) for update',
      'q_' || v_queue.dead_letter_queue)
    into v_dead using retry_dead_letter.job_id;
  if v_dead.msg_id is null then
    raise exception using errcode = 'PT404', message = format('job %s is not in the dead letters of %s', coalesce(retry_dead_letter.job_id::text, 'null'), v_queue.queue_name),
      detail = 'jobs.dead_letter_not_found', hint = 'see private.job_stats and the dead-letter queue ' || v_queue.dead_letter_queue;
  end if;
  -- A fresh budget of attempts; attempt numbers keep counting so the history stays unambiguous.
  perform pgmq.send(v_queue.queue_name,
    (v_dead.message - array['attempts', 'last_error', 'dead_lettered_at', 'source_msg_id'])
      || jsonb_build_object('attempts_before', (v_dead.message ->> 'attempts')::int, 'run_at', clock_timestamp()), 0);
  perform pgmq.delete(v_queue.dead_letter_queue, v_dead.msg_id);
  if v_dead.message ? 'idempotency_key' then
    update private.job_keys k set state = 'pending'
    where k.queue_name = v_queue.queue_name and k.idempotency_key = v_dead.message ->> 'idempotency_key'
      and k.job_id = retry_dead_letter.job_id;
  end if;
  return retry_dead_letter.job_id;
end
$$;

create function private.retry_all_dead_letters(queue text)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_queue private.job_queues;
  v_job_id bigint;
  v_count int := 0;
begin
  perform private.assert_job_operator();
  v_queue := private.job_queue(retry_all_dead_letters.queue);
  for v_job_id in execute format('select (m.message ->> ''job_id'')::bigint from pgmq.%I m order by m.msg_id', 'q_' || v_queue.dead_letter_queue)
  loop
    perform private.retry_dead_letter(v_queue.queue_name, v_job_id);
    v_count := v_count + 1;
  end loop;
  return v_count;
end
$$;

-- Gives up on a dead-lettered job for good: the message moves to the dead-letter queue's
-- archive (pgmq.a_<queue>_dlq) as evidence, and its idempotency key is released.
create function private.discard_dead_letter(queue text, job_id bigint)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_queue private.job_queues;
  v_dead record;
begin
  perform private.assert_job_operator();
  v_queue := private.job_queue(discard_dead_letter.queue);
  execute format('select m.msg_id, m.message from pgmq.%I m where m.message @> jsonb_build_object(''job_id'', $1::bigint) for update',
      'q_' || v_queue.dead_letter_queue)
    into v_dead using discard_dead_letter.job_id;
  if v_dead.msg_id is null then
    raise exception using errcode = 'PT404', message = format('job %s is not in the dead letters of %s', coalesce(discard_dead_letter.job_id::text, 'null'), v_queue.queue_name),
      detail = 'jobs.dead_letter_not_found', hint = 'see private.job_stats and the dead-letter queue ' || v_queue.dead_letter_queue;
  end if;
  perform pgmq.archive(v_queue.dead_letter_queue, v_dead.msg_id);
  if v_dead.message ? 'idempotency_key' then
    delete from private.job_keys k
    where k.queue_name = v_queue.queue_name and k.idempotency_key = v_dead.message ->> 'idempotency_key'
      and k.job_id = discard_dead_letter.job_id;
  end if;
end
$$;

-- Paused queues keep accepting jobs; the dispatcher leaves them alone until resumed.
create function private.pause_queue(queue text, reason text default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.assert_job_operator();
  perform private.job_queue(pause_queue.queue);
  update private.job_queues q
  set paused_at = coalesce(q.paused_at, now()), paused_reason = coalesce(pause_queue.reason, q.paused_reason)
  where q.queue_name = pause_queue.queue;
end
$$;

create function private.resume_queue(queue text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.assert_job_operator();
  perform private.job_queue(resume_queue.queue);
  update private.job_queues q set paused_at = null, paused_reason = null where q.queue_name = resume_queue.queue;
end
$$;

-- ─── the calendar: every pg_cron schedule of the project, named and described ───────────

-- Schedules are declared with private.declare_schedule (in the calendar migration and, for
-- later capabilities, in theirs); this table is where they can all be read with their purpose.
create table private.cron_calendar (
  job_name text primary key check (job_name ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  schedule text not null,
  command text not null,
  description text not null check (btrim(description) <> ''),
  declared_at timestamptz not null default now()
);
alter table private.cron_calendar enable row level security;
revoke all on private.cron_calendar from public, anon, authenticated;
grant select on private.cron_calendar to service_role;

-- Idempotent: cron.schedule upserts by name, so re-running a declaration never duplicates it.
create function private.declare_schedule(job_name text, schedule text, command text, description text)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
begin
  if declare_schedule.job_name is null or declare_schedule.job_name !~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' then
    raise exception using errcode = 'PT400', message = format('invalid schedule name: %s', coalesce(declare_schedule.job_name, 'null')),
      detail = 'jobs.invalid_schedule_name', hint = '<capability>.<what>, e.g. billing.invoice_run';
  end if;
  if declare_schedule.command is null or btrim(declare_schedule.command) = ''
     or declare_schedule.description is null or btrim(declare_schedule.description) = '' then
    raise exception using errcode = 'PT400', message = 'a schedule needs a command and a description',
      detail = 'jobs.invalid_schedule', hint = 'say what the schedule is for';
  end if;
  insert into private.cron_calendar as c (job_name, schedule, command, description)
  values (declare_schedule.job_name, declare_schedule.schedule, declare_schedule.command, declare_schedule.description)
  on conflict on constraint cron_calendar_pkey do update set
    schedule = excluded.schedule, command = excluded.command, description = excluded.description, declared_at = now();
  -- pg_cron validates the schedule itself (its error names the bad field).
  return cron.schedule(declare_schedule.job_name, declare_schedule.schedule, declare_schedule.command);
end
$$;

create function private.retire_schedule(job_name text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from private.cron_calendar c where c.job_name = retire_schedule.job_name;
  if exists (select from cron.job j where j.jobname = retire_schedule.job_name) then
    perform cron.unschedule(retire_schedule.job_name);
    return true;
  end if;
  return false;
end
$$;

-- ─── observability ─────────────────────────────────────────────────────────────────────────

create view private.job_stats as
select
  q.queue_name,
  q.paused_at is not null as paused,
  m.queue_length as depth,
  coalesce(m.oldest_msg_age_sec, 0) as oldest_age_seconds,
  coalesce(r.succeeded, 0) as succeeded_last_hour,
  coalesce(r.failed, 0) as failed_last_hour,
  coalesce(r.running, 0) as running,
  d.queue_length as dead_letters
from private.job_queues q
cross join lateral pgmq.metrics(q.queue_name) m
cross join lateral pgmq.metrics(q.dead_letter_queue) d
left join lateral (
  select count(*) filter (where jr.outcome = 'succeeded') as succeeded,
         count(*) filter (where jr.outcome in ('failed', 'dead_lettered', 'timed_out')) as failed,
         count(*) filter (where jr.outcome = 'running') as running
  from private.job_runs jr
  where jr.queue_name = q.queue_name and jr.started_at >= now() - interval '1 hour'
) r on true;
comment on view private.job_stats is 'Per queue: depth, oldest message age, attempts succeeded / failed in the last hour, Edge Function attempts awaiting acknowledgement, dead letters.';
revoke all on private.job_stats from public, anon, authenticated;
grant select on private.job_stats to service_role;

create function private.queue_stats()
returns setof private.job_stats
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_job_operator();
  return query select * from private.job_stats s order by s.queue_name;
end
$$;

create function private.list_cron_jobs()
returns table (jobid bigint, jobname text, schedule text, command text, active boolean, description text,
  last_status text, last_started_at timestamptz, last_ended_at timestamptz, last_message text)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.assert_job_operator();
  return query
  select j.jobid, j.jobname::text, j.schedule::text, j.command::text, j.active, c.description,
         d.status::text, d.start_time, d.end_time, d.return_message::text
  from cron.job j
  left join lateral (
    select rd.status, rd.start_time, rd.end_time, rd.return_message
    from cron.job_run_details rd where rd.jobid = j.jobid
    order by rd.runid desc limit 1
  ) d on true
  left join private.cron_calendar c on c.job_name = j.jobname
  order by j.jobname;
end
$$;

-- ─── retention (itself a job: jobs.cleanup on the maintenance queue) ───────────────────────

create function private.job_cleanup(payload jsonb, job jsonb)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_cron_days int := coalesce((payload ->> 'cron_history_days')::int, 7);
begin
  delete from private.job_runs r
  using private.job_queues q
  where r.queue_name = q.queue_name and r.started_at < private.now() - q.history_retention and r.outcome <> 'running';
  -- History of queues that no longer exist.
  delete from private.job_runs r
  where not exists (select from private.job_queues q where q.queue_name = r.queue_name)
    and r.started_at < private.now() - interval '14 days';
  delete from private.job_keys k where k.state = 'succeeded' and k.expires_at <= private.now();
  -- pg_cron never prunes its own history.
  delete from cron.job_run_details d where d.end_time < private.now() - make_interval(days => v_cron_days);
end
$$;

-- ─── grants ────────────────────────────────────────────────────────────────────────────────

revoke execute on function
  private.assert_job_operator(), private.job_queue(text), private.job_backoff_seconds(int, int, int),
  private.create_job_queue(text, text, int, int, int, int, int, interval, interval),
  private.register_job_handler(text, regprocedure, text, int, text),
  private.enqueue(text, text, jsonb, text, timestamptz, int),
  private.dead_letter_job(private.job_queues, bigint, jsonb, int, jsonb),
  private.job_attempt_failed(private.job_queues, bigint, jsonb, int, int, jsonb, boolean),
  private.job_succeeded_keys(private.job_queues, text[]),
  private.edge_function_target(),
  private.dispatch(text, int), private.job_dispatcher_lock_id(),
  private.job_running_attempt(bigint, int), private.complete_job(bigint, int), private.fail_job(bigint, int, text, boolean),
  private.retry_dead_letter(text, bigint), private.retry_all_dead_letters(text), private.discard_dead_letter(text, bigint),
  private.pause_queue(text, text), private.resume_queue(text), private.queue_stats(), private.list_cron_jobs(),
  private.job_cleanup(jsonb, jsonb), private.declare_schedule(text, text, text, text), private.retire_schedule(text)
from public, anon, authenticated;
revoke execute on procedure private.run_dispatcher(int, int, text) from public, anon, authenticated;

-- Edge Functions (service role) enqueue follow-up work and acknowledge; operators are the
-- service role until HQ staff exist.
grant execute on function
  private.enqueue(text, text, jsonb, text, timestamptz, int),
  private.complete_job(bigint, int), private.fail_job(bigint, int, text, boolean),
  private.retry_dead_letter(text, bigint), private.retry_all_dead_letters(text), private.discard_dead_letter(text, bigint),
  private.pause_queue(text, text), private.resume_queue(text), private.queue_stats(), private.list_cron_jobs(),
  private.assert_job_operator()
to service_role;

-- ─── RPC surface (PostgREST exposes public only): service role until staff exist ───────────

create function public.complete_job(job_id bigint, attempt int)
returns void language sql security invoker set search_path = ''
as $$ select private.complete_job(job_id, attempt) $$;

create function public.fail_job(job_id bigint, attempt int, error text, retry boolean default true)
returns text language sql security invoker set search_path = ''
as $$ select private.fail_job(job_id, attempt, error, retry) $$;

create function public.jobs_retry_dead_letter(queue text, job_id bigint)
returns bigint language sql security invoker set search_path = ''
as $$ select private.retry_dead_letter(queue, job_id) $$;

create function public.jobs_retry_all_dead_letters(queue text)
returns int language sql security invoker set search_path = ''
as $$ select private.retry_all_dead_letters(queue) $$;

create function public.jobs_discard_dead_letter(queue text, job_id bigint)
returns void language sql security invoker set search_path = ''
as $$ select private.discard_dead_letter(queue, job_id) $$;

create function public.jobs_pause_queue(queue text, reason text default null)
returns void language sql security invoker set search_path = ''
as $$ select private.pause_queue(queue, reason) $$;

create function public.jobs_resume_queue(queue text)
returns void language sql security invoker set search_path = ''
as $$ select private.resume_queue(queue) $$;

-- Columns spelled out: PostgREST and `supabase gen types` cannot see types in private.
create function public.jobs_queue_stats()
returns table (queue_name text, paused boolean, depth bigint, oldest_age_seconds int, succeeded_last_hour bigint,
  failed_last_hour bigint, running bigint, dead_letters bigint)
language sql security invoker set search_path = ''
as $$ select * from private.queue_stats() $$;

create function public.jobs_cron_jobs()
returns table (jobid bigint, jobname text, schedule text, command text, active boolean, description text,
  last_status text, last_started_at timestamptz, last_ended_at timestamptz, last_message text)
language sql security invoker set search_path = ''
as $$ select * from private.list_cron_jobs() $$;

revoke execute on function
  public.complete_job(bigint, int), public.fail_job(bigint, int, text, boolean),
  public.jobs_retry_dead_letter(text, bigint), public.jobs_retry_all_dead_letters(text), public.jobs_discard_dead_letter(text, bigint),
  public.jobs_pause_queue(text, text), public.jobs_resume_queue(text), public.jobs_queue_stats(), public.jobs_cron_jobs()
from public, anon, authenticated;
grant execute on function
  public.complete_job(bigint, int), public.fail_job(bigint, int, text, boolean),
  public.jobs_retry_dead_letter(text, bigint), public.jobs_retry_all_dead_letters(text), public.jobs_discard_dead_letter(text, bigint),
  public.jobs_pause_queue(text, text), public.jobs_resume_queue(text), public.jobs_queue_stats(), public.jobs_cron_jobs()
to service_role;

-- ─── the project's queues and this capability's own handler ────────────────────────────────

select private.create_job_queue('lifecycle', 'tenant lifecycle: activation seeding, trial expiry, suspension, archival',
  max_attempts => 5, backoff_base_seconds => 10, backoff_max_seconds => 3600);
select private.create_job_queue('billing', 'renewals, invoice runs, dunning, proration',
  max_attempts => 8, backoff_base_seconds => 30, backoff_max_seconds => 21600);
select private.create_job_queue('catalog_sync', 'HQ → tenant catalog sync and rollback',
  max_attempts => 5, backoff_base_seconds => 10, backoff_max_seconds => 3600);
select private.create_job_queue('webhooks', 'outgoing signed webhooks (retried over about a day and a half)',
  max_attempts => 15, backoff_base_seconds => 30, backoff_max_seconds => 21600, idempotency_retention => '7 days');
select private.create_job_queue('notifications', 'email / SMS / WhatsApp notifications',
  max_attempts => 5, backoff_base_seconds => 10, backoff_max_seconds => 1800);
select private.create_job_queue('alerts', 'operational alerts to HQ',
  max_attempts => 5, backoff_base_seconds => 5, backoff_max_seconds => 600);
select private.create_job_queue('maintenance', 'retention clean-ups, roll-ups and other housekeeping',
  max_attempts => 3, backoff_base_seconds => 60, backoff_max_seconds => 3600);

select private.register_job_handler('jobs.cleanup', sql_handler => 'private.job_cleanup(jsonb, jsonb)'::regprocedure,
  description => 'deletes run history past each queue''s retention, expired idempotency keys and old pg_cron run details');
