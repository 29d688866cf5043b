-- Bulk import into HQ's draft (the console turns CSV or JSON files into these rows). The preview
-- says line by line what would be added, changed, left unchanged or refused and why; the import
-- writes only when no line is refused, so a bad file changes nothing.
--   row: {"family", "code", "name_en", "name_ar", "description_en", "description_ar", "sort_order",
--         "active", "icon", "colour", "attributes"}  — export_catalog answers the same shape.

create function private.catalog_import_outcomes(rows jsonb)
    returns table (line integer, family text, code text, outcome text, reasons text[], entry jsonb)
    language plpgsql stable
    set search_path to ''
    as $$
declare
  allowed constant text[] := array['family', 'code', 'name_en', 'name_ar', 'description_en', 'description_ar',
                                   'sort_order', 'active', 'icon', 'colour', 'attributes'];
  r record;
  seen text[] := '{}';
  categories text[];
  existing public.catalog_entries;
  e jsonb;
  errs text[];
  k text;
begin
  if rows is null or jsonb_typeof(rows) <> 'array' then
    perform private.fail('catalog.invalid_import', 'an import is a JSON array of rows');
  end if;
  if length(rows::text) > private.input_limit('catalog.import_bytes') then
    perform private.fail('input.too_large', format('an import is at most %s bytes', private.input_limit('catalog.import_bytes')),
      'split the file');
  end if;
  perform private.assert_json_count(rows, 'the import', 'catalog.import_rows');
  -- Item types may name service categories added by the same file.
  categories := private.catalog_live_service_categories() || coalesce((
    select array_agg(x ->> 'code') from jsonb_array_elements(rows) x
    where jsonb_typeof(x) = 'object' and x ->> 'family' = 'service_categories'), '{}');
  for r in select x.value as v, x.ordinality::integer as n from jsonb_array_elements(rows) with ordinality x loop
    line := r.n; family := null; code := null; entry := null; errs := '{}';
    if jsonb_typeof(r.v) <> 'object' then
      outcome := 'refused'; reasons := array['a row is an object']; return next; continue;
    end if;
    family := left(r.v ->> 'family', 60); code := left(r.v ->> 'code', 60);
    for k in select jsonb_object_keys(r.v) loop
      if not k = any (allowed) then errs := errs || format('unknown column %s', left(k, 40)); end if;
    end loop;
    if (family || ':' || code) = any (seen) then
      errs := errs || 'the same family and code appear twice in the file'::text;
    end if;
    seen := seen || (family || ':' || code);
    begin
      e := jsonb_build_object(
        'name', jsonb_strip_nulls(jsonb_build_object('en', r.v -> 'name_en', 'ar', r.v -> 'name_ar')),
        'description', jsonb_strip_nulls(jsonb_build_object('en', nullif(r.v ->> 'description_en', ''), 'ar', nullif(r.v ->> 'description_ar', ''))),
        'sort_order', coalesce((r.v ->> 'sort_order')::integer, 0),
        'active', coalesce((r.v ->> 'active')::boolean, true),
        'icon', nullif(r.v ->> 'icon', ''), 'colour', nullif(r.v ->> 'colour', ''),
        'attributes', coalesce(case jsonb_typeof(r.v -> 'attributes') when 'string' then (r.v ->> 'attributes')::jsonb else r.v -> 'attributes' end, '{}'));
    exception when invalid_text_representation or numeric_value_out_of_range or invalid_parameter_value then
      outcome := 'refused'; reasons := errs || 'sort_order is a whole number, active true or false, attributes JSON'::text; return next; continue;
    end;
    errs := errs || private.catalog_entry_errors(family, code, e -> 'name', e -> 'description', (e ->> 'sort_order')::integer,
      e ->> 'icon', e ->> 'colour', e -> 'attributes', categories);
    select * into existing from public.catalog_entries x where x.family = catalog_import_outcomes.family and x.code = catalog_import_outcomes.code;
    if existing.retired_at is not null then
      errs := errs || 'the entry is retired'::text;
    end if;
    entry := e;
    reasons := errs;
    outcome := case when cardinality(errs) > 0 then 'refused'
                    when existing.id is null then 'add'
                    when (existing.name, existing.description, existing.sort_order, existing.active, existing.icon, existing.colour, existing.attributes)
                         is not distinct from (e -> 'name', e -> 'description', (e ->> 'sort_order')::integer, (e ->> 'active')::boolean,
                                               e ->> 'icon', e ->> 'colour', e -> 'attributes') then 'unchanged'
                    else 'change' end;
    return next;
  end loop;
end
$$;
revoke all on function private.catalog_import_outcomes(jsonb) from public, anon, authenticated, service_role;
grant execute on function private.catalog_import_outcomes(jsonb) to authenticated, service_role;

-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.preview_catalog_import, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.preview_catalog_import(rows jsonb) returns jsonb
    language sql stable
    set search_path to ''
    as $$ select private.preview_catalog_import(rows) $$;

create function private.preview_catalog_import(rows jsonb) returns jsonb
    language plpgsql stable security definer
    set search_path to ''
    as $$
begin
  perform private.assert_permission('catalogs.write');
  return (
    select jsonb_build_object(
      'lines', coalesce(jsonb_agg(jsonb_build_object('line', o.line, 'family', o.family, 'code', o.code, 'outcome', o.outcome, 'reasons', to_jsonb(o.reasons)) order by o.line), '[]'),
      'add', count(*) filter (where o.outcome = 'add'), 'change', count(*) filter (where o.outcome = 'change'),
      'unchanged', count(*) filter (where o.outcome = 'unchanged'), 'refused', count(*) filter (where o.outcome = 'refused'))
    from private.catalog_import_outcomes(rows) o);
end
$$;
revoke all on function public.preview_catalog_import(jsonb) from public, anon, authenticated, service_role;
grant execute on function public.preview_catalog_import(jsonb) to authenticated, service_role;
comment on function public.preview_catalog_import(jsonb) is
  'Line-by-line preview of a catalog import (catalogs.write): add, change, unchanged or refused with reasons; writes nothing.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.preview_catalog_import(jsonb) from public, anon, authenticated, service_role;
grant execute on function private.preview_catalog_import(jsonb) to authenticated, service_role;

-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.import_catalog, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.import_catalog(rows jsonb, reason text default null) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.import_catalog(rows, reason) $$;

create function private.import_catalog(rows jsonb, reason text default null) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  outcomes jsonb;
  refused integer;
  written integer := 0;
  o jsonb;
begin
  perform private.assert_permission('catalogs.write');
  perform private.assert_text_size(reason, 'the reason', 'reason');
  -- One import at a time, so two files cannot interleave their lines.
  perform pg_advisory_xact_lock(hashtext('catalog.import'));
  select coalesce(jsonb_agg(to_jsonb(x) order by (x.family <> 'service_categories'), x.line), '[]')
  into outcomes from private.catalog_import_outcomes(rows) x;
  select count(*) into refused from jsonb_array_elements(outcomes) y where y ->> 'outcome' = 'refused';
  if refused > 0 then
    perform private.fail('catalog.import_refused', format('%s of the lines are refused; nothing was imported', refused));
  end if;
  -- Service categories first (the order above): item types may name them.
  for o in select y from jsonb_array_elements(outcomes) y where y ->> 'outcome' in ('add', 'change') loop
    insert into public.catalog_entries as x (family, code, name, description, sort_order, active, icon, colour, attributes, updated_by)
    values (o ->> 'family', o ->> 'code', o -> 'entry' -> 'name', o -> 'entry' -> 'description', (o -> 'entry' ->> 'sort_order')::integer,
            (o -> 'entry' ->> 'active')::boolean, o -> 'entry' ->> 'icon', o -> 'entry' ->> 'colour', o -> 'entry' -> 'attributes', auth.uid())
    on conflict on constraint catalog_entries_family_code_key do update
      set name = excluded.name, description = excluded.description, sort_order = excluded.sort_order, active = excluded.active,
          icon = excluded.icon, colour = excluded.colour, attributes = excluded.attributes, updated_at = now(), updated_by = excluded.updated_by;
    written := written + 1;
  end loop;
  perform audit.record('catalog.import', 'catalog_draft', 'import', null,
    jsonb_build_object('lines', jsonb_array_length(rows), 'written', written), null, reason);
  return jsonb_build_object('lines', jsonb_array_length(rows), 'written', written,
    'unchanged', (select count(*) from jsonb_array_elements(outcomes) y where y ->> 'outcome' = 'unchanged'));
end
$$;
revoke all on function public.import_catalog(jsonb, text) from public, anon, authenticated, service_role;
grant execute on function public.import_catalog(jsonb, text) to authenticated, service_role;
comment on function public.import_catalog(jsonb, text) is
  'Imports rows into HQ''s draft catalog (catalogs.write) when no line is refused; otherwise nothing is written (catalog.import_refused).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.import_catalog(jsonb, text) from public, anon, authenticated, service_role;
grant execute on function private.import_catalog(jsonb, text) to authenticated, service_role;

-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.export_catalog, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.export_catalog(family text default null) returns jsonb
    language sql stable
    set search_path to ''
    as $$ select private.export_catalog(family) $$;

create function private.export_catalog(family text default null) returns jsonb
    language plpgsql stable security definer
    set search_path to ''
    as $$
begin
  perform private.assert_permission('catalogs.read');
  return coalesce((
    select jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
             'family', e.family, 'code', e.code, 'name_en', e.name ->> 'en', 'name_ar', e.name ->> 'ar',
             'description_en', e.description ->> 'en', 'description_ar', e.description ->> 'ar',
             'sort_order', e.sort_order, 'active', e.active, 'icon', e.icon, 'colour', e.colour, 'attributes', e.attributes))
           order by e.family, e.sort_order, e.code)
    from public.catalog_entries e
    where e.retired_at is null and (export_catalog.family is null or e.family = export_catalog.family)), '[]');
end
$$;
revoke all on function public.export_catalog(text) from public, anon, authenticated, service_role;
grant execute on function public.export_catalog(text) to authenticated, service_role;
comment on function public.export_catalog(text) is
  'HQ''s live draft entries (catalogs.read) as import rows: exporting and importing back changes nothing.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.export_catalog(text) from public, anon, authenticated, service_role;
grant execute on function private.export_catalog(text) to authenticated, service_role;
