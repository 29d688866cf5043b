CREATE FUNCTION private.workflow_definition_errors(definition jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  errs jsonb;
  stage_kinds jsonb;   -- valid code → true when one of its stages is terminal
  exits jsonb;         -- code → the codes its transitions lead to
  known_guards jsonb;
  v_start text;
  v_starts int;
  idx jsonb;           -- valid code → its number, for the visited array
  visited boolean[];
  queue text[];
  head int := 1;
  v_code text;
  v_next text;
  v_i int;
  unreachable jsonb := '[]';
begin
  if definition is null or jsonb_typeof(definition) <> 'object'
     or jsonb_typeof(definition -> 'stages') is distinct from 'array'
     or jsonb_typeof(definition -> 'transitions') is distinct from 'array' then
    return jsonb_build_array(jsonb_build_object('code', 'workflow.malformed', 'subject', null,
      'message', 'a definition is an object with a "stages" array and a "transitions" array'));
  end if;

  select coalesce(jsonb_object_agg(code, terminal), '{}'), coalesce(jsonb_object_agg(code, n), '{}'),
         min(code) filter (where starts > 0), coalesce(sum(starts), 0)
    into stage_kinds, idx, v_start, v_starts
  from (select s ->> 'code' as code, bool_or(s ->> 'kind' = 'terminal') as terminal,
               count(*) filter (where s ->> 'kind' = 'start') as starts, row_number() over (order by min(o)) as n
        from jsonb_array_elements(definition -> 'stages') with ordinality x(s, o)
        where jsonb_typeof(s) = 'object' and (s ->> 'code') ~ '^[a-z][a-z0-9_]{0,39}$'
        group by s ->> 'code') k;
  select coalesce(jsonb_object_agg(f, tos), '{}') into exits
  from (select e ->> 'from' as f, jsonb_agg(e -> 'to') as tos from jsonb_array_elements(definition -> 'transitions') e
        where jsonb_typeof(e) = 'object' and e ->> 'from' is not null group by e ->> 'from') a;
  select coalesce(jsonb_object_agg(g.key, true), '{}') into known_guards from public.workflow_guards g;

  -- Reachability from the one start stage.
  if v_starts = 1 then
    visited := array_fill(false, array[(select count(*) from jsonb_object_keys(idx))::int]);
    queue := array[v_start];
    visited[(idx ->> v_start)::int] := true;
    while head <= cardinality(queue) loop
      v_code := queue[head];
      head := head + 1;
      for v_next in select jsonb_array_elements_text(coalesce(exits -> v_code, '[]')) loop
        v_i := (idx ->> v_next)::int;
        if v_i is not null and not visited[v_i] then
          visited[v_i] := true;
          queue := queue || v_next;
        end if;
      end loop;
    end loop;
    select coalesce(jsonb_agg(k.key order by k.value::int), '[]') into unreachable
    from jsonb_each_text(idx) k where not visited[k.value::int];
  end if;

  with stages as (
    select x.o, x.s, case when jsonb_typeof(x.s) = 'object' then x.s ->> 'code' end as c
    from jsonb_array_elements(definition -> 'stages') with ordinality x(s, o)
  ), good as (
    select o, s, c, s ->> 'kind' as kind, row_number() over (partition by c order by o) as nth
    from stages where c ~ '^[a-z][a-z0-9_]{0,39}$'
  ), trans as (
    select x.o, x.t, x.t ->> 'from' as f, x.t ->> 'to' as tt,
           coalesce(x.t ->> 'from', '?') || '→' || coalesce(x.t ->> 'to', '?') as pair,
           jsonb_typeof(x.t) = 'object' and coalesce(stage_kinds ? (x.t ->> 'from') and stage_kinds ? (x.t ->> 'to'), false) as ok
    from jsonb_array_elements(definition -> 'transitions') with ordinality x(t, o)
  ), ok_trans as (
    select t.*, row_number() over (partition by pair order by o) as nth from trans t where ok
  ), found (sec, ord, sub, ord2, code, subject, message) as (
    -- stages
    select 1, o, 0, 0::bigint, 'workflow.invalid_stage_code', coalesce(c, s::text),
           format('stage code %s must be lower-case letters, digits and _', coalesce(c, s::text))
    from stages where c is null or c !~ '^[a-z][a-z0-9_]{0,39}$'
    union all
    select 1, o, 1, 0, 'workflow.duplicate_stage', c, format('stage %s appears twice', c) from good where nth > 1
    union all
    select 1, o, 2, 0, 'workflow.stage_name_required', c, format('stage %s needs an English name', c)
    from good where jsonb_typeof(s -> 'name') is distinct from 'object' or coalesce(trim(s -> 'name' ->> 'en'), '') = ''
    union all
    select 1, o, 3, 0, 'workflow.invalid_stage_kind', c, format('stage %s: kind must be start, normal or terminal', c)
    from good where coalesce(kind, '') not in ('start', 'normal', 'terminal')
    union all
    select 1, o, 4, 0, 'workflow.invalid_sla', c, format('stage %s: SLA minutes must be a whole number from 1 to 525600', c)
    from good where s ? 'sla_minutes' and jsonb_typeof(s -> 'sla_minutes') <> 'null'
      and (jsonb_typeof(s -> 'sla_minutes') <> 'number' or (s ->> 'sla_minutes') !~ '^[0-9]+$'
           or (s ->> 'sla_minutes')::numeric not between 1 and 525600)
    -- the start and terminal stages
    union all
    select 2, 0, 0, 0, 'workflow.no_start_stage', null, 'no stage has kind start' where coalesce(v_starts, 0) = 0
    union all
    select 2, 0, 1, 0, 'workflow.multiple_start_stages', string_agg(c, ', ' order by o),
           format('only one start stage is allowed: %s', string_agg(c, ', ' order by o))
    from good where kind = 'start' having count(*) > 1
    union all
    select 2, 0, 2, 0, 'workflow.no_terminal_stage', null, 'no stage has kind terminal'
    where not exists (select from jsonb_each(stage_kinds) k where k.value = 'true')
    -- transitions
    union all
    select 3, o, 0, 0, 'workflow.dangling_transition', pair, format('transition %s names a stage that does not exist', pair)
    from trans where not ok
    union all
    select 3, o, 1, 0, 'workflow.self_transition', pair, format('transition %s goes nowhere', pair) from ok_trans where f = tt
    union all
    select 3, o, 2, 0, 'workflow.duplicate_transition', pair, format('transition %s appears twice', pair) from ok_trans where nth > 1
    union all
    select 3, o, 3, 0, 'workflow.terminal_has_exits', f, format('terminal stage %s has an outgoing transition (%s)', f, pair)
    from ok_trans where (stage_kinds -> f) = 'true'
    union all
    select 3, o, 4, 0, 'workflow.unknown_guard', pair, format('transition %s: guards must be an array', pair)
    from ok_trans where t ? 'guards' and jsonb_typeof(t -> 'guards') <> 'array'
    union all
    select 3, t.o, 4, g.n, 'workflow.unknown_guard', t.pair, format('transition %s: unknown guard %s', t.pair, g.key)
    from ok_trans t
    cross join lateral jsonb_array_elements_text(case when jsonb_typeof(t.t -> 'guards') = 'array' then t.t -> 'guards' else '[]' end)
                       with ordinality g(key, n)
    where not known_guards ? g.key
    union all
    select 3, o, 5, 0, 'workflow.invalid_roles', pair, format('transition %s needs a non-empty roles array', pair)
    from ok_trans where jsonb_typeof(t -> 'roles') is distinct from 'array' or jsonb_array_length(t -> 'roles') = 0
    union all
    select 3, t.o, 5, r.n, 'workflow.invalid_roles', t.pair, format('transition %s: unknown role %s', t.pair, r.role)
    from ok_trans t
    cross join lateral jsonb_array_elements_text(case when jsonb_typeof(t.t -> 'roles') = 'array' then t.t -> 'roles' else '[]' end)
                       with ordinality r(role, n)
    where r.role not in ('owner', 'admin', 'operator', 'viewer')
    -- stages the start cannot reach, and non-terminal stages without a way out
    union all
    select 4, u.n, 0, 0, 'workflow.unreachable_stage', u.c,
           format('stage %s cannot be reached from the start stage %s', u.c, v_start)
    from jsonb_array_elements_text(unreachable) with ordinality u(c, n)
    union all
    select 5, (idx ->> k.key)::bigint, 0, 0, 'workflow.dead_end', k.key, format('stage %s is not terminal but has no way out', k.key)
    from jsonb_each(stage_kinds) k where k.value = 'false' and not exits ? k.key
  )
  select coalesce(jsonb_agg(jsonb_build_object('code', code, 'subject', subject, 'message', message) order by sec, ord, sub, ord2), '[]')
  into errs from found;
  return errs;
end
$_$;

REVOKE ALL ON FUNCTION private.workflow_definition_errors(definition jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.workflow_definition_errors(definition jsonb) FROM PUBLIC;
