-- Test-only machinery for the state-oracle test (schema `tests`): every exposed function is called
-- with generated arguments, and what the caller sees is compared between a random id and a real one.

-- Every function in `public` that a signed-in user may execute and that takes a uuid: its
-- signature and, per input argument, its name and type.
create or replace function tests.exposed_functions()
returns table (fn regprocedure, proname text, arg_names text[], arg_types text[])
language sql
stable
as $$
  select p.oid::regprocedure, p.proname::text,
         (select array_agg(coalesce(nullif(u.nm, ''), '$' || u.o) order by u.o)
          from unnest(coalesce(p.proargnames, array_fill(''::text, array[coalesce(array_length(p.proallargtypes, 1), p.pronargs)])),
                      coalesce(p.proargmodes::text[], array_fill('i'::text, array[p.pronargs]))) with ordinality u(nm, md, o)
          where u.md in ('i', 'b', 'v')),
         (select array_agg(format_type(t, null) order by o) from unnest(p.proargtypes::oid[]) with ordinality u(t, o))
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'public'
    and p.prokind = 'f'
    and has_function_privilege('authenticated', p.oid, 'execute')
    and 'uuid'::regtype = any (p.proargtypes::oid[])
$$;

-- A harmless literal for a non-id argument, by type (and for text, by name where it matters).
create or replace function tests.oracle_dummy(arg_name text, arg_type text)
returns text
language sql
immutable
as $$
  select case arg_type
    when 'text' then case when arg_name = 'mode' then quote_literal('read_only') else quote_literal('oracle probe') end
    when 'integer' then '1'
    when 'bigint' then '1'
    when 'numeric' then '1'
    when 'boolean' then 'true'
    when 'jsonb' then quote_literal('{}') || '::jsonb'
    when 'timestamp with time zone' then quote_literal(now()::text) || '::timestamptz'
    when 'date' then quote_literal(current_date::text) || '::date'
    when 'text[]' then quote_literal('{}') || '::text[]'
    else null
  end
$$;

-- The SQL that calls a function with the given argument literals and renders whatever it returns.
create or replace function tests.oracle_call_sql(fn regprocedure, proname text, args text[])
returns text
language sql
immutable
as $$
  select format('select string_agg(x::text, %L) from public.%I(%s) x', '|', proname, array_to_string(args, ', '))
$$;

-- What a caller sees from one call: "ok <result>" or "error <sqlstate> | <message> | <detail> | <hint>",
-- with the ids it was given replaced by <id> (a message may echo its input). The call runs in a
-- subtransaction that is always undone.
create or replace function tests.oracle_outcome(call_sql text, ids uuid[])
returns text
language plpgsql
as $$
declare
  res text;
  st text; msg text; det text; hnt text;
  id uuid;
begin
  begin
    execute call_sql into res;
    res := 'ok ' || coalesce(res, '<null>');
    raise sqlstate 'XX999';
  exception
    when sqlstate 'XX999' then null;
    when others then
      get stacked diagnostics st = returned_sqlstate, msg = message_text, det = pg_exception_detail, hnt = pg_exception_hint;
      res := format('error %s | %s | %s | %s', st, msg, coalesce(det, ''), coalesce(hnt, ''));
  end;
  foreach id in array ids loop
    res := replace(res, id::text, '<id>');
  end loop;
  return res;
end
$$;

grant execute on all functions in schema tests to public;

-- The calls of supabase/tests/house/oracles.test.sql for one persona: every exposed function that takes
-- an id, once with random uuids and once per (id argument, real target), each answer recorded in the
-- temp table oracle_answer. Reads the temp tables the test builds first: oracle_persona, oracle_real,
-- oracle_arg_kind and the view oracle_uuid_args.
create or replace function tests.oracle_probe(who text)
returns void
language plpgsql
as $$
declare
  f record;
  r record;
  random_ids uuid[];
  random_args text[];
  real_args text[];
  random_answer text;
  real_answer text;
  real_ids uuid[] := (select array_agg(id) from oracle_real);
  p record;
begin
  select * into p from oracle_persona where name = who;
  for f in select distinct fn, proname, arg_names, arg_types from oracle_uuid_args order by proname loop
    random_ids := '{}';
    random_args := '{}';
    for i in 1 .. cardinality(f.arg_types) loop
      if f.arg_types[i] = 'uuid' then
        random_ids := random_ids || extensions.gen_random_uuid();
        random_args := random_args || (quote_literal(random_ids[cardinality(random_ids)]) || '::uuid');
      else
        random_args := random_args || tests.oracle_dummy(f.arg_names[i], f.arg_types[i]);
      end if;
    end loop;
    perform tests.authenticate_as(p.user_id, p.aal);
    random_answer := tests.oracle_outcome(tests.oracle_call_sql(f.fn, f.proname, random_args), random_ids);
    perform tests.clear_authentication();
    for r in select u.pos, u.arg_name, x.id, x.label from oracle_uuid_args u join oracle_real x on x.arg = u.kind
             where u.fn = f.fn order by u.pos, x.label loop
      real_args := random_args;
      for i in 1 .. cardinality(f.arg_types) loop
        if f.arg_types[i] = 'uuid' then
          real_args[i] := quote_literal(case when i = r.pos then r.id
                                             else (select x.id from oracle_real x
                                                   where x.arg = coalesce((select k.kind from oracle_arg_kind k where k.arg_name = f.arg_names[i]), f.arg_names[i])
                                                   order by x.label limit 1) end) || '::uuid';
        end if;
      end loop;
      perform tests.authenticate_as(p.user_id, p.aal);
      real_answer := tests.oracle_outcome(tests.oracle_call_sql(f.fn, f.proname, real_args), real_ids);
      perform tests.clear_authentication();
      insert into oracle_answer values (who, f.proname, f.fn::text, r.arg_name, r.label, random_answer, real_answer);
    end loop;
  end loop;
end
$$;

grant execute on all functions in schema tests to public;
