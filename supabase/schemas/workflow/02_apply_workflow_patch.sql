CREATE FUNCTION private.apply_workflow_patch(definition jsonb, patch jsonb, OUT result jsonb, OUT conflicts jsonb) RETURNS record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

REVOKE ALL ON FUNCTION private.apply_workflow_patch(definition jsonb, patch jsonb, OUT result jsonb, OUT conflicts jsonb) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.apply_workflow_patch(definition jsonb, patch jsonb, OUT result jsonb, OUT conflicts jsonb) FROM PUBLIC;
