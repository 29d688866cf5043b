-- A tenant's shadow label for an HQ entry of the release it runs: its own name, hidden, or its own
-- order (tenant owners and admins, HQ with tenants.write, a full impersonation). Saving clears a
-- conflict: the tenant has seen HQ's change.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.set_catalog_override, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.set_catalog_override(tenant_id uuid, family text, code text, label jsonb default null,
    hidden boolean default false, sort_order integer default null) returns void
    language sql
    set search_path to ''
    as $$ select private.set_catalog_override(tenant_id, family, code, label, hidden, sort_order) $$;

create function private.set_catalog_override(tenant_id uuid, family text, code text, label jsonb default null,
    hidden boolean default false, sort_order integer default null) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  entry public.catalog_release_entries;
  before_row public.tenant_catalog_overrides;
  after_row public.tenant_catalog_overrides;
  k text;
begin
  if not private.can_write_tenant(tenant_id) then
    perform private.fail('catalog.forbidden', 'you may not change this tenant''s catalog');
  end if;
  perform private.assert_json_size(label, 'the label');
  select r.* into entry from public.tenant_catalog_state s
  join public.catalog_release_entries r on r.release_no = s.release_no and r.family = set_catalog_override.family and r.code = set_catalog_override.code
  where s.tenant_id = set_catalog_override.tenant_id;
  if entry.code is null or entry.retired then
    perform private.fail('catalog.unknown_entry', format('no catalog entry %s %s in the tenant''s release', left(family, 40), left(code, 40)));
  end if;
  if label is not null then
    if jsonb_typeof(label) <> 'object' or label = '{}' then
      perform private.fail('catalog.invalid_label', 'a label is {"en": …, "ar": …}');
    end if;
    for k in select jsonb_object_keys(label) loop
      if not exists (select from public.locales l where l.code = k) or jsonb_typeof(label -> k) <> 'string'
         or btrim(label ->> k) = '' or length(label ->> k) > private.input_limit('name') then
        perform private.fail('catalog.invalid_label', format('the %s label is 1–%s characters of a known language', left(k, 10), private.input_limit('name')));
      end if;
    end loop;
  end if;
  if sort_order is not null and sort_order not between 0 and 100000 then
    perform private.fail('catalog.invalid_label', 'the sort order is between 0 and 100000');
  end if;
  select * into before_row from public.tenant_catalog_overrides o
  where o.tenant_id = set_catalog_override.tenant_id and o.family = set_catalog_override.family and o.code = set_catalog_override.code for update;
  insert into public.tenant_catalog_overrides as o (tenant_id, family, code, label, hidden, sort_order, base_hash, updated_by)
  values (tenant_id, family, code, label, coalesce(hidden, false), sort_order, entry.entry_hash, auth.uid())
  on conflict on constraint tenant_catalog_overrides_pkey do update
    set label = excluded.label, hidden = excluded.hidden, sort_order = excluded.sort_order, base_hash = excluded.base_hash,
        conflict = null, conflict_release_no = null, updated_at = now(), updated_by = excluded.updated_by
  returning * into after_row;
  update public.tenant_catalog_state s
  set conflicts = (select count(*) from public.tenant_catalog_overrides o where o.tenant_id = s.tenant_id and o.conflict is not null)
  where s.tenant_id = set_catalog_override.tenant_id;
  perform audit.record('catalog.override_set', 'catalog_override', format('%s:%s', family, code),
    to_jsonb(before_row), to_jsonb(after_row), tenant_id, null);
end
$$;
revoke all on function public.set_catalog_override(uuid, text, text, jsonb, boolean, integer) from public, anon, authenticated, service_role;
grant execute on function public.set_catalog_override(uuid, text, text, jsonb, boolean, integer) to authenticated, service_role;
comment on function public.set_catalog_override(uuid, text, text, jsonb, boolean, integer) is
  'Sets a tenant''s shadow label for a catalog entry: its own {"en","ar"} label, hidden, or its own order (tenant owner/admin or HQ tenants.write); clears a conflict.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.set_catalog_override(uuid, text, text, jsonb, boolean, integer) from public, anon, authenticated, service_role;
grant execute on function private.set_catalog_override(uuid, text, text, jsonb, boolean, integer) to authenticated, service_role;

-- Removes a shadow label: the entry shows as HQ publishes it again.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.clear_catalog_override, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.clear_catalog_override(tenant_id uuid, family text, code text) returns boolean
    language sql
    set search_path to ''
    as $$ select private.clear_catalog_override(tenant_id, family, code) $$;

create function private.clear_catalog_override(tenant_id uuid, family text, code text) returns boolean
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.tenant_catalog_overrides;
begin
  if not private.can_write_tenant(tenant_id) then
    perform private.fail('catalog.forbidden', 'you may not change this tenant''s catalog');
  end if;
  delete from public.tenant_catalog_overrides o
  where o.tenant_id = clear_catalog_override.tenant_id and o.family = clear_catalog_override.family and o.code = clear_catalog_override.code
  returning * into before_row;
  if before_row.tenant_id is null then
    return false;
  end if;
  update public.tenant_catalog_state s
  set conflicts = (select count(*) from public.tenant_catalog_overrides o where o.tenant_id = s.tenant_id and o.conflict is not null)
  where s.tenant_id = clear_catalog_override.tenant_id;
  perform audit.record('catalog.override_clear', 'catalog_override', format('%s:%s', family, code), to_jsonb(before_row), null, tenant_id, null);
  return true;
end
$$;
revoke all on function public.clear_catalog_override(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function public.clear_catalog_override(uuid, text, text) to authenticated, service_role;
comment on function public.clear_catalog_override(uuid, text, text) is
  'Removes a tenant''s shadow label for a catalog entry (tenant owner/admin or HQ tenants.write); answers whether there was one.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.clear_catalog_override(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function private.clear_catalog_override(uuid, text, text) to authenticated, service_role;
