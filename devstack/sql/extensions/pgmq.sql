-- devstack stand-in for pgmq 1.5.1 (the API Supabase Queues ships), written from pgmq's public API
-- documentation. Installed by the bootstrap only where the server has no pgmq extension.
--
-- Layout as in pgmq: metadata in pgmq.meta, one table per queue pgmq.q_<name> (msg_id identity,
-- read_ct, enqueued_at, vt, message, headers; index on vt) and its archive pgmq.a_<name> (+ archived_at).
-- Every queue operation is one dynamic statement on the queue table (plus the name check), so the
-- cost over a bare table is what pgmq itself costs. Queue names are lower-cased and checked by
-- pgmq._queue_name(): 1 to 47 characters among a-z, 0-9 and _ (errcode 22023 otherwise).
-- Not provided: partitioned queues (they need pg_partman) and the pgmq_public wrappers.

create schema if not exists pgmq;

create table if not exists pgmq.meta (
  queue_name varchar unique not null,
  is_partitioned boolean not null,
  is_unlogged boolean not null,
  created_at timestamptz not null default now()
);

do $$
begin
  if to_regtype('pgmq.message_record') is null then
    create type pgmq.message_record as (
      msg_id bigint, read_ct integer, enqueued_at timestamptz, vt timestamptz, message jsonb, headers jsonb);
  end if;
  if to_regtype('pgmq.queue_record') is null then
    create type pgmq.queue_record as (
      queue_name varchar, is_partitioned boolean, is_unlogged boolean, created_at timestamptz);
  end if;
  if to_regtype('pgmq.metrics_result') is null then
    create type pgmq.metrics_result as (
      queue_name text, queue_length bigint, newest_msg_age_sec integer, oldest_msg_age_sec integer,
      total_messages bigint, scrape_time timestamptz, queue_visible_length bigint);
  end if;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Queue names: the one check every function goes through. Returns the lower-cased name.
-- ---------------------------------------------------------------------------------------------
create or replace function pgmq._queue_name(queue_name text)
returns text
language plpgsql
immutable
parallel safe
as $$
declare
  folded text := lower(queue_name);
begin
  if folded ~ '^[a-z0-9_]{1,47}$' then
    return folded;
  end if;
  raise exception using
    errcode = '22023',
    message = format('invalid queue name %s: a queue name is 1 to 47 characters, each a letter a-z, a digit 0-9 or _',
                     coalesce(quote_literal(queue_name) || format(' (%s characters)', length(queue_name)), 'NULL')),
    detail = 'pgmq.invalid_queue_name',
    hint = 'Upper-case letters are folded to lower case; other characters (-, quotes, ;, spaces) are not allowed.';
end
$$;
comment on function pgmq._queue_name(text) is
  'devstack: validates a queue name (1-47 of a-z, 0-9, _ after lower-casing) and returns it lower-cased; errcode 22023 otherwise.';

-- The statement behind read() and read_with_poll(): picks visible messages in msg_id order,
-- skipping rows other transactions hold, and hides them for $1 seconds. $2 = qty, $3 = conditional.
create or replace function pgmq._read_sql(queue text, conditional jsonb)
returns text
language sql
immutable
as $$
  select format(
    'with picked as (
       select msg_id from pgmq.%1$I
        where vt <= clock_timestamp()%2$s
        order by msg_id
        limit $2
        for update skip locked),
     updated as (
       update pgmq.%1$I q
          set vt = clock_timestamp() + make_interval(secs => $1), read_ct = q.read_ct + 1
         from picked
        where q.msg_id = picked.msg_id
       returning q.msg_id, q.read_ct, q.enqueued_at, q.vt, q.message, q.headers)
     select * from updated order by msg_id',
    'q_' || queue,
    case when conditional is null or conditional = '{}'::jsonb then '' else ' and message @> $3' end)
$$;

-- ---------------------------------------------------------------------------------------------
-- Queues
-- ---------------------------------------------------------------------------------------------
create or replace function pgmq._create_queue(queue text, unlogged boolean)
returns void
language plpgsql
as $$
declare
  q text := 'q_' || queue;
  a text := 'a_' || queue;
begin
  if to_regclass(format('pgmq.%I', q)) is null then
    execute format(
      'create %s table pgmq.%I (
         msg_id bigint primary key generated always as identity (sequence name pgmq.%I),
         read_ct integer not null default 0,
         enqueued_at timestamptz not null default now(),
         vt timestamptz not null,
         message jsonb,
         headers jsonb)',
      case when unlogged then 'unlogged' else '' end, q, q || '_msg_id_seq');
    execute format('create index %I on pgmq.%I (vt)', q || '_vt_idx', q);
  end if;
  if to_regclass(format('pgmq.%I', a)) is null then
    execute format(
      'create table pgmq.%I (
         msg_id bigint primary key,
         read_ct integer not null default 0,
         enqueued_at timestamptz not null default now(),
         archived_at timestamptz not null default now(),
         vt timestamptz not null,
         message jsonb,
         headers jsonb)', a);
    execute format('create index %I on pgmq.%I (archived_at)', a || '_archived_idx', a);
  end if;
  insert into pgmq.meta (queue_name, is_partitioned, is_unlogged)
  values (queue, false, unlogged)
  on conflict on constraint meta_queue_name_key do nothing;
  -- As on Supabase: the service role works the queues; anon and authenticated have no access.
  if exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
    execute format('grant select, insert, update, delete on pgmq.%I, pgmq.%I to service_role', q, a);
    execute format('grant select, usage on sequence pgmq.%I to service_role', q || '_msg_id_seq');
  end if;
end
$$;

create or replace function pgmq.create(queue_name text)
returns void
language plpgsql
as $$
begin
  perform pgmq._create_queue(pgmq._queue_name(queue_name), false);
end
$$;

create or replace function pgmq.create_non_partitioned(queue_name text)
returns void
language plpgsql
as $$
begin
  perform pgmq._create_queue(pgmq._queue_name(queue_name), false);
end
$$;

create or replace function pgmq.create_unlogged(queue_name text)
returns void
language plpgsql
as $$
begin
  perform pgmq._create_queue(pgmq._queue_name(queue_name), true);
end
$$;

create or replace function pgmq.create_partitioned(queue_name text, partition_interval text default '10000',
                                                   retention_interval text default '100000')
returns void
language plpgsql
as $$
begin
  perform pgmq._queue_name(queue_name);
  raise exception using
    errcode = '0A000',
    message = 'pgmq.create_partitioned is not available on devstack: partitioned queues need pg_partman',
    hint = 'Use pgmq.create() (or pgmq.create_unlogged()).';
end
$$;

create or replace function pgmq.drop_queue(queue_name text)
returns boolean
language plpgsql
as $$
declare
  queue text := pgmq._queue_name(queue_name);
  existed boolean;
begin
  delete from pgmq.meta m where m.queue_name = queue;
  existed := found;
  if to_regclass(format('pgmq.%I', 'q_' || queue)) is not null then
    execute format('drop table pgmq.%I', 'q_' || queue);
    existed := true;
  end if;
  if to_regclass(format('pgmq.%I', 'a_' || queue)) is not null then
    execute format('drop table pgmq.%I', 'a_' || queue);
  end if;
  if not existed then
    raise notice 'pgmq: queue % does not exist', quote_literal(queue);
  end if;
  return existed;
end
$$;

create or replace function pgmq.purge_queue(queue_name text)
returns bigint
language plpgsql
as $$
declare
  removed bigint;
begin
  execute format('delete from pgmq.%I', 'q_' || pgmq._queue_name(queue_name));
  get diagnostics removed = row_count;
  return removed;
end
$$;

create or replace function pgmq.list_queues()
returns setof pgmq.queue_record
language sql
stable
as $$
  select queue_name, is_partitioned, is_unlogged, created_at from pgmq.meta order by created_at, queue_name
$$;

-- ---------------------------------------------------------------------------------------------
-- Sending: each overload is one INSERT; delay in seconds (int) or an instant (timestamptz).
-- ---------------------------------------------------------------------------------------------
create or replace function pgmq.send(queue_name text, msg jsonb)
returns setof bigint
language plpgsql
as $$
begin
  return query execute format(
    'insert into pgmq.%I (vt, message) values (clock_timestamp(), $1) returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msg;
end
$$;

create or replace function pgmq.send(queue_name text, msg jsonb, delay integer)
returns setof bigint
language plpgsql
as $$
begin
  return query execute format(
    'insert into pgmq.%I (vt, message) values (clock_timestamp() + make_interval(secs => $2), $1) returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msg, delay;
end
$$;

create or replace function pgmq.send(queue_name text, msg jsonb, delay timestamptz)
returns setof bigint
language plpgsql
as $$
begin
  return query execute format(
    'insert into pgmq.%I (vt, message) values ($2, $1) returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msg, delay;
end
$$;

create or replace function pgmq.send(queue_name text, msg jsonb, headers jsonb)
returns setof bigint
language plpgsql
as $$
begin
  return query execute format(
    'insert into pgmq.%I (vt, message, headers) values (clock_timestamp(), $1, $2) returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msg, headers;
end
$$;

create or replace function pgmq.send(queue_name text, msg jsonb, headers jsonb, delay integer)
returns setof bigint
language plpgsql
as $$
begin
  return query execute format(
    'insert into pgmq.%I (vt, message, headers) values (clock_timestamp() + make_interval(secs => $3), $1, $2) returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msg, headers, delay;
end
$$;

create or replace function pgmq.send(queue_name text, msg jsonb, headers jsonb, delay timestamptz)
returns setof bigint
language plpgsql
as $$
begin
  return query execute format(
    'insert into pgmq.%I (vt, message, headers) values ($3, $1, $2) returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msg, headers, delay;
end
$$;

-- Batches keep the array order: ids come back in the order of msgs.
create or replace function pgmq._check_batch(msgs jsonb[], headers jsonb[])
returns void
language plpgsql
immutable
as $$
begin
  if headers is not null and coalesce(cardinality(headers), 0) <> coalesce(cardinality(msgs), 0) then
    raise exception using
      errcode = '22023',
      message = format('pgmq.send_batch: headers must have one entry per message (%s messages, %s headers)',
                       coalesce(cardinality(msgs), 0), cardinality(headers));
  end if;
end
$$;

create or replace function pgmq.send_batch(queue_name text, msgs jsonb[])
returns setof bigint
language plpgsql
as $$
begin
  return query execute format(
    'insert into pgmq.%I (vt, message)
     select clock_timestamp(), m from unnest($1) with ordinality as t(m, n) order by n
     returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msgs;
end
$$;

create or replace function pgmq.send_batch(queue_name text, msgs jsonb[], delay integer)
returns setof bigint
language plpgsql
as $$
begin
  return query execute format(
    'insert into pgmq.%I (vt, message)
     select clock_timestamp() + make_interval(secs => $2), m from unnest($1) with ordinality as t(m, n) order by n
     returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msgs, delay;
end
$$;

create or replace function pgmq.send_batch(queue_name text, msgs jsonb[], delay timestamptz)
returns setof bigint
language plpgsql
as $$
begin
  return query execute format(
    'insert into pgmq.%I (vt, message)
     select $2, m from unnest($1) with ordinality as t(m, n) order by n
     returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msgs, delay;
end
$$;

create or replace function pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[])
returns setof bigint
language plpgsql
as $$
begin
  perform pgmq._check_batch(msgs, headers);
  return query execute format(
    'insert into pgmq.%I (vt, message, headers)
     select clock_timestamp(), m, h from unnest($1, $2) with ordinality as t(m, h, n) order by n
     returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msgs, headers;
end
$$;

create or replace function pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[], delay integer)
returns setof bigint
language plpgsql
as $$
begin
  perform pgmq._check_batch(msgs, headers);
  return query execute format(
    'insert into pgmq.%I (vt, message, headers)
     select clock_timestamp() + make_interval(secs => $3), m, h from unnest($1, $2) with ordinality as t(m, h, n) order by n
     returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msgs, headers, delay;
end
$$;

create or replace function pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[], delay timestamptz)
returns setof bigint
language plpgsql
as $$
begin
  perform pgmq._check_batch(msgs, headers);
  return query execute format(
    'insert into pgmq.%I (vt, message, headers)
     select $3, m, h from unnest($1, $2) with ordinality as t(m, h, n) order by n
     returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msgs, headers, delay;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Reading
-- ---------------------------------------------------------------------------------------------
create or replace function pgmq.read(queue_name text, vt integer, qty integer, conditional jsonb default '{}')
returns setof pgmq.message_record
language plpgsql
as $$
begin
  return query execute pgmq._read_sql(pgmq._queue_name(queue_name), conditional) using vt, qty, conditional;
end
$$;

create or replace function pgmq.read_with_poll(queue_name text, vt integer, qty integer,
                                               max_poll_seconds integer default 5,
                                               poll_interval_ms integer default 100,
                                               conditional jsonb default '{}')
returns setof pgmq.message_record
language plpgsql
as $$
declare
  stmt text := pgmq._read_sql(pgmq._queue_name(queue_name), conditional);
  stop_at timestamptz := clock_timestamp() + make_interval(secs => max_poll_seconds);
begin
  loop
    return query execute stmt using vt, qty, conditional;
    if found then
      return;
    end if;
    exit when clock_timestamp() >= stop_at;
    perform pg_sleep(poll_interval_ms / 1000.0);
  end loop;
end
$$;

-- Reads and deletes the first visible message; read_ct is not incremented.
create or replace function pgmq.pop(queue_name text)
returns setof pgmq.message_record
language plpgsql
as $$
begin
  return query execute format(
    'with picked as (
       select msg_id from pgmq.%1$I
        where vt <= clock_timestamp()
        order by msg_id
        limit 1
        for update skip locked)
     delete from pgmq.%1$I q using picked
      where q.msg_id = picked.msg_id
     returning q.msg_id, q.read_ct, q.enqueued_at, q.vt, q.message, q.headers',
    'q_' || pgmq._queue_name(queue_name));
end
$$;

-- Makes a message visible again `vt` seconds from now (0: at once).
create or replace function pgmq.set_vt(queue_name text, msg_id bigint, vt integer)
returns setof pgmq.message_record
language plpgsql
as $$
begin
  return query execute format(
    'update pgmq.%I set vt = clock_timestamp() + make_interval(secs => $2)
      where msg_id = $1
     returning msg_id, read_ct, enqueued_at, vt, message, headers',
    'q_' || pgmq._queue_name(queue_name)) using msg_id, vt;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Acknowledging
-- ---------------------------------------------------------------------------------------------
create or replace function pgmq.delete(queue_name text, msg_id bigint)
returns boolean
language plpgsql
as $$
declare
  removed bigint;
begin
  execute format('delete from pgmq.%I where msg_id = $1', 'q_' || pgmq._queue_name(queue_name)) using msg_id;
  get diagnostics removed = row_count;
  return removed > 0;
end
$$;

create or replace function pgmq.delete(queue_name text, msg_ids bigint[])
returns setof bigint
language plpgsql
as $$
begin
  return query execute format(
    'delete from pgmq.%I where msg_id = any($1) returning msg_id',
    'q_' || pgmq._queue_name(queue_name)) using msg_ids;
end
$$;

create or replace function pgmq.archive(queue_name text, msg_id bigint)
returns boolean
language plpgsql
as $$
declare
  queue text := pgmq._queue_name(queue_name);
  moved bigint;
begin
  execute format(
    'with moved as (
       delete from pgmq.%I where msg_id = $1
       returning msg_id, read_ct, enqueued_at, vt, message, headers)
     insert into pgmq.%I (msg_id, read_ct, enqueued_at, vt, message, headers)
     select msg_id, read_ct, enqueued_at, vt, message, headers from moved',
    'q_' || queue, 'a_' || queue) using msg_id;
  get diagnostics moved = row_count;
  return moved > 0;
end
$$;

create or replace function pgmq.archive(queue_name text, msg_ids bigint[])
returns setof bigint
language plpgsql
as $$
declare
  queue text := pgmq._queue_name(queue_name);
begin
  return query execute format(
    'with moved as (
       delete from pgmq.%I where msg_id = any($1)
       returning msg_id, read_ct, enqueued_at, vt, message, headers)
     insert into pgmq.%I (msg_id, read_ct, enqueued_at, vt, message, headers)
     select msg_id, read_ct, enqueued_at, vt, message, headers from moved
     returning msg_id',
    'q_' || queue, 'a_' || queue) using msg_ids;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Metrics: total_messages counts every message ever sent (the identity sequence).
-- ---------------------------------------------------------------------------------------------
create or replace function pgmq.metrics(queue_name text)
returns pgmq.metrics_result
language plpgsql
as $$
declare
  queue text := pgmq._queue_name(queue_name);
  result pgmq.metrics_result;
begin
  execute format(
    'select %L::text,
            count(*)::bigint,
            extract(epoch from now() - max(enqueued_at))::integer,
            extract(epoch from now() - min(enqueued_at))::integer,
            (select case when is_called then last_value else 0 end from pgmq.%I),
            now(),
            (count(*) filter (where vt <= clock_timestamp()))::bigint
       from pgmq.%I',
    queue, 'q_' || queue || '_msg_id_seq', 'q_' || queue) into result;
  return result;
end
$$;

create or replace function pgmq.metrics_all()
returns setof pgmq.metrics_result
language plpgsql
as $$
declare
  queue text;
begin
  for queue in select m.queue_name from pgmq.meta m order by m.queue_name loop
    return next pgmq.metrics(queue);
  end loop;
end
$$;

-- ---------------------------------------------------------------------------------------------
-- Access, as on Supabase: the pgmq schema is for postgres and service_role, never anon/authenticated.
-- (Queue tables are granted to service_role as each queue is created.)
-- ---------------------------------------------------------------------------------------------
revoke all on schema pgmq from public;
grant usage on schema pgmq to postgres, service_role;
revoke all on pgmq.meta from public;
grant select on pgmq.meta to service_role;
