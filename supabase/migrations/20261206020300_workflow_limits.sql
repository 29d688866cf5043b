-- Workflow inputs have a size and their validation is n·log n (issue 12 §4). Before, every stage
-- and transition was checked against arrays that grew with the definition (quadratic: 4,000
-- stages ran into the statement timeout). Now a definition is capped (private.input_limit) and
-- refused early with 22023 input.*; the checks are joins and aggregates over the elements, and
-- reachability is a breadth-first walk over an adjacency map.

-- Caps of a workflow definition: refuses with input.too_large / input.too_many.
create or replace function private.assert_workflow_size(definition jsonb, what text default 'the workflow')
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_too_many_guards text;
begin
  perform private.assert_json_size(definition, what, 'workflow.bytes');
  if jsonb_typeof(definition) = 'object' then
    perform private.assert_json_count(definition -> 'stages', what || '''s stages', 'workflow.stages');
    perform private.assert_json_count(definition -> 'transitions', what || '''s transitions', 'workflow.transitions');
    if jsonb_typeof(definition -> 'transitions') = 'array' then
      select coalesce(t ->> 'from', '?') || '→' || coalesce(t ->> 'to', '?') into v_too_many_guards
      from jsonb_array_elements(definition -> 'transitions') t
      where jsonb_typeof(t -> 'guards') = 'array' and jsonb_array_length(t -> 'guards') > private.input_limit('workflow.guards')
         or jsonb_typeof(t -> 'roles') = 'array' and jsonb_array_length(t -> 'roles') > 4
      limit 1;
      if v_too_many_guards is not null then
        raise exception using errcode = '22023',
          message = format('transition %s has too many guards or roles (at most %s guards and 4 roles)', v_too_many_guards,
                           private.input_limit('workflow.guards')),
          detail = 'input.too_many', hint = 'a transition names each guard and each role once';
      end if;
    end if;
  end if;
end
$$;

-- Every problem of a definition, one row each, named: {"code", "subject", "message"}. Empty = valid.
-- n·log n whatever plan the planner picks: sets of codes are jsonb objects built by one aggregate
-- (membership is a binary search), each check is one scan, duplicates are found by a sort, and
-- reachability is a breadth-first walk that visits each stage and follows each edge once.
create or replace function private.workflow_definition_errors(definition jsonb)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
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
$$;
revoke execute on function private.assert_workflow_size(jsonb, text), private.workflow_definition_errors(jsonb) from public, anon, authenticated;

-- Applies a tenant's patch to a definition. What cannot apply (the upstream changed under it) is
-- left out of the result and reported in conflicts, never silently dropped: the patch keeps it.
-- Each part is one pass with jsonb objects as lookup sets (n·log n); disabling bridges stage by
-- stage (each pass n·log n over the transitions; the number of disabled stages is capped).
create or replace function private.apply_workflow_patch(definition jsonb, patch jsonb, out result jsonb, out conflicts jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  stages jsonb := coalesce(definition -> 'stages', '[]');
  transitions jsonb := coalesce(definition -> 'transitions', '[]');
  codes jsonb;       -- stage code → the stage
  pairs jsonb;       -- "from→to" → true
  renames jsonb;
  slas jsonb;
  k text;
  st jsonb;
  bridged jsonb;
begin
  patch := coalesce(patch, '{}');
  renames := coalesce(patch -> 'rename', '{}');
  slas := coalesce(patch -> 'sla', '{}');
  select coalesce(jsonb_object_agg(s ->> 'code', s), '{}') into codes
  from jsonb_array_elements(stages) s where s ->> 'code' is not null;

  -- add_stages first, so renames, SLAs and transitions may refer to them
  with added as (
    select a.s, a.o, (codes ? (a.s ->> 'code')) or row_number() over (partition by a.s ->> 'code' order by a.o) > 1 as clash
    from jsonb_array_elements(coalesce(patch -> 'add_stages', '[]')) with ordinality a(s, o)
  )
  select coalesce(jsonb_agg(jsonb_build_object('code', 'override.stage_exists_upstream', 'subject', s ->> 'code',
                    'message', format('the template now has its own stage %s; the added one was not applied', s ->> 'code')) order by o)
                  filter (where clash), '[]'),
         stages || coalesce(jsonb_agg(s || jsonb_build_object('kind', coalesce(s ->> 'kind', 'normal'), 'added', true) order by o)
                            filter (where not clash), '[]')
    into conflicts, stages
  from added;
  select coalesce(jsonb_object_agg(s ->> 'code', s), '{}') into codes
  from jsonb_array_elements(stages) s where s ->> 'code' is not null;

  -- renames and SLAs of stages that no longer exist are conflicts; the rest apply in one pass
  select conflicts || coalesce(jsonb_agg(c order by n), '[]') into conflicts from (
    select 1 as n, r.key, jsonb_build_object('code', 'override.stage_removed', 'subject', r.key,
             'message', format('stage %s was renamed but no longer exists', r.key)) as c
    from jsonb_each(renames) r where not codes ? r.key
    union all
    select 2, r.key, jsonb_build_object('code', 'override.stage_removed', 'subject', r.key,
             'message', format('the SLA of stage %s was changed but the stage no longer exists', r.key))
    from jsonb_each(slas) r where not codes ? r.key) x;
  select coalesce(jsonb_agg(
           case when slas ? (s ->> 'code') then jsonb_set(y.s, '{sla_minutes}', slas -> (s ->> 'code')) else y.s end order by y.o), '[]')
    into stages
  from (select case when renames ? (x.s ->> 'code') then jsonb_set(x.s, '{name}', (x.s -> 'name') || (renames -> (x.s ->> 'code'))) else x.s end as s, x.o
        from jsonb_array_elements(stages) with ordinality x(s, o)) y;

  -- added transitions: both ends must exist, and the pair must be new
  select coalesce(jsonb_object_agg(p, true), '{}') into pairs
  from (select distinct (t ->> 'from') || '→' || (t ->> 'to') as p from jsonb_array_elements(transitions) t) d;
  with added as (
    select a.t, a.o, a.t ->> 'from' as f, a.t ->> 'to' as tt,
           not (codes ? coalesce(a.t ->> 'from', '')) or not (codes ? coalesce(a.t ->> 'to', '')) as dangling,
           pairs ? ((a.t ->> 'from') || '→' || (a.t ->> 'to'))
             or row_number() over (partition by a.t ->> 'from', a.t ->> 'to' order by a.o) > 1 as exists_upstream
    from jsonb_array_elements(coalesce(patch -> 'add_transitions', '[]')) with ordinality a(t, o)
  )
  select conflicts || coalesce(jsonb_agg(case when dangling
             then jsonb_build_object('code', 'override.transition_endpoint_missing', 'subject', f || '→' || tt,
                    'message', format('added transition %s→%s names a stage that no longer exists', f, tt))
             else jsonb_build_object('code', 'override.transition_exists_upstream', 'subject', f || '→' || tt,
                    'message', format('the template now has its own transition %s→%s; the added one was not applied', f, tt)) end
           order by o) filter (where dangling or exists_upstream), '[]'),
         transitions || coalesce(jsonb_agg(t || '{"added": true}' order by o) filter (where not dangling and not exists_upstream), '[]')
    into conflicts, transitions
  from added;

  -- Disabling a stage removes it and bridges every way in to every way out, so orders skip it.
  for k in select jsonb_array_elements_text(coalesce(patch -> 'disable', '[]')) loop
    st := codes -> k;
    if st is null then
      conflicts := conflicts || jsonb_build_object('code', 'override.stage_removed', 'subject', k,
        'message', format('stage %s was disabled but no longer exists', k));
      continue;
    end if;
    if coalesce((st ->> 'optional')::boolean, false) is not true then
      conflicts := conflicts || jsonb_build_object('code', 'override.stage_not_optional', 'subject', k,
        'message', format('stage %s is not optional (any more) and stays enabled', k));
      continue;
    end if;
    select coalesce(jsonb_object_agg(p, true), '{}') into pairs
    from (select distinct (t ->> 'from') || '→' || (t ->> 'to') as p from jsonb_array_elements(transitions) t) d;
    -- two incoming transitions may bridge to the same target: keep the first
    select coalesce(jsonb_agg(b order by io, oo), '[]') into bridged from (
      select distinct on (i.t ->> 'from', o.t ->> 'to') i.io, o.oo,
             i.t || jsonb_build_object('to', o.t ->> 'to', 'bridged', true,
               'guards', (select coalesce(jsonb_agg(distinct g), '[]')
                          from jsonb_array_elements_text(coalesce(i.t -> 'guards', '[]') || coalesce(o.t -> 'guards', '[]')) g)) as b
      from (select t, n as io from jsonb_array_elements(transitions) with ordinality x(t, n) where t ->> 'to' = k) i
      cross join (select t, n as oo from jsonb_array_elements(transitions) with ordinality x(t, n) where t ->> 'from' = k) o
      where i.t ->> 'from' <> o.t ->> 'to'
        and not pairs ? ((i.t ->> 'from') || '→' || (o.t ->> 'to'))
      order by i.t ->> 'from', o.t ->> 'to', i.io, o.oo) d;
    select coalesce(jsonb_agg(t order by o), '[]') || bridged into transitions
    from jsonb_array_elements(transitions) with ordinality x(t, o)
    where t ->> 'from' <> k and t ->> 'to' <> k;
    select coalesce(jsonb_agg(s order by o), '[]') into stages from jsonb_array_elements(stages) with ordinality x(s, o)
    where s ->> 'code' <> k;
    codes := codes - k;
  end loop;
  result := jsonb_build_object('stages', stages, 'transitions', transitions);
end
$$;
revoke execute on function private.apply_workflow_patch(jsonb, jsonb) from public, anon, authenticated;
