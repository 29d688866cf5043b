-- Everything wrong with one catalog entry, as readable reasons (empty: valid). Used by
-- save_catalog_entry and by the import preview, so both refuse the same things.
create function private.catalog_entry_errors(family text, code text, name jsonb, description jsonb,
    sort_order integer, icon text, colour text, attributes jsonb, known_service_categories text[]) returns text[]
    language plpgsql stable
    set search_path to ''
    as $$
declare
  errors text[] := '{}';
  fam public.catalog_families;
  allowed text[];
  k text;
  v jsonb;
begin
  select * into fam from public.catalog_families f where f.code = catalog_entry_errors.family;
  if fam.code is null then
    return array[format('unknown family %s', coalesce(family, 'null'))];
  end if;
  if code is null or code !~ '^[A-Z][A-Z0-9_]{0,39}$' then
    errors := errors || 'the code is 1–40 upper-case letters, digits or _, starting with a letter'::text;
  end if;
  if name is null or jsonb_typeof(name) <> 'object' or coalesce(btrim(name ->> 'en'), '') = '' then
    errors := errors || 'an English name is required'::text;
  end if;
  foreach v in array array[coalesce(name, '{}'), coalesce(description, '{}')] loop
    if jsonb_typeof(v) <> 'object' then
      errors := errors || 'names and descriptions are {"en": …, "ar": …} objects'::text;
      continue;
    end if;
    for k in select jsonb_object_keys(v) loop
      if not exists (select from public.locales l where l.code = k) then
        errors := errors || format('unknown language %s', left(k, 20));
      elsif jsonb_typeof(v -> k) <> 'string' or length(v ->> k) > 2000 then
        errors := errors || format('the %s text is a string of at most 2000 characters', k);
      end if;
    end loop;
  end loop;
  if name is not null and jsonb_typeof(name) = 'object'
     and exists (select from jsonb_each_text(name) e where length(e.value) > 200) then
    errors := errors || 'a name is at most 200 characters'::text;
  end if;
  if sort_order is null or sort_order not between 0 and 100000 then
    errors := errors || 'the sort order is between 0 and 100000'::text;
  end if;
  if icon is not null and (not fam.has_icon or icon !~ '^[a-z0-9][a-z0-9_-]{0,63}$') then
    errors := errors || case when fam.has_icon then 'an icon name is lower-case letters, digits, _ or -' else 'this family has no icons' end;
  end if;
  if colour is not null and (not fam.has_colour or colour !~ '^#[0-9A-Fa-f]{6}$') then
    errors := errors || case when fam.has_colour then 'a colour is #RRGGBB' else 'this family has no colours' end;
  end if;
  if attributes is null or jsonb_typeof(attributes) <> 'object' or length(attributes::text) > 4096 then
    return errors || 'attributes are a JSON object of at most 4 KB'::text;
  end if;

  allowed := case fam.code
    when 'item_types' then array['service_categories']
    when 'priorities' then array['lead_time_factor']
    when 'payment_methods' then array['countries']
    when 'preferences' then array['default']
    else '{}'::text[] end;
  for k in select jsonb_object_keys(attributes) loop
    if not k = any (allowed) then
      errors := errors || format('%s entries have no attribute %s', fam.code, left(k, 40));
    end if;
  end loop;
  if fam.code = 'item_types' then
    if jsonb_typeof(attributes -> 'service_categories') is distinct from 'array'
       or jsonb_array_length(attributes -> 'service_categories') = 0 then
      errors := errors || 'an item type names the service categories it takes (attributes.service_categories)'::text;
    else
      for k in select jsonb_array_elements_text(attributes -> 'service_categories') loop
        if not k = any (coalesce(known_service_categories, '{}')) then
          errors := errors || format('unknown service category %s', left(k, 40));
        end if;
      end loop;
    end if;
  elsif fam.code = 'priorities' then
    if jsonb_typeof(attributes -> 'lead_time_factor') is distinct from 'number'
       or (attributes ->> 'lead_time_factor')::numeric not between 0.1 and 10 then
      errors := errors || 'a priority has a lead_time_factor between 0.1 and 10'::text;
    end if;
  elsif fam.code = 'payment_methods' and attributes ? 'countries' then
    if jsonb_typeof(attributes -> 'countries') <> 'array' then
      errors := errors || 'countries is a list of country codes'::text;
    else
      for k in select jsonb_array_elements_text(attributes -> 'countries') loop
        if not exists (select from public.countries c where c.code = k) then
          errors := errors || format('unknown country %s', left(k, 10));
        end if;
      end loop;
    end if;
  elsif fam.code = 'preferences' and attributes ? 'default' and jsonb_typeof(attributes -> 'default') <> 'boolean' then
    errors := errors || 'default is true or false'::text;
  end if;
  return errors;
end
$$;

revoke all on function private.catalog_entry_errors(text, text, jsonb, jsonb, integer, text, text, jsonb, text[]) from public, anon, authenticated, service_role;
grant execute on function private.catalog_entry_errors(text, text, jsonb, jsonb, integer, text, text, jsonb, text[]) to authenticated, service_role;

-- The draft's service categories that item types may name.
create function private.catalog_live_service_categories() returns text[]
    language sql stable
    set search_path to ''
    as $$
  select coalesce(array_agg(e.code), '{}') from public.catalog_entries e
  where e.family = 'service_categories' and e.retired_at is null
$$;

revoke all on function private.catalog_live_service_categories() from public, anon, authenticated, service_role;
grant execute on function private.catalog_live_service_categories() to authenticated, service_role;
