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
