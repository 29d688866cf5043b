-- A tenant's effective catalog, for tenant apps and the console: the entries of the release it
-- runs with its shadow labels applied, labelled in one language (default: the tenant's) with
-- English as fallback. SECURITY INVOKER: row-level security decides which tenants a caller sees,
-- so for anyone else's tenant it answers no rows.
create function public.tenant_catalog(tenant_id uuid, only_family text default null, locale text default null)
    returns table (family text, code text, label text, name jsonb, description jsonb, sort_order integer,
                   icon text, colour text, attributes jsonb, visible boolean, hidden boolean, retired boolean,
                   overridden boolean, conflict text, release_no integer)
    language sql stable
    set search_path to ''
    as $$
  select r.family, r.code,
         coalesce(o.label ->> coalesce(tenant_catalog.locale, t.default_locale), r.name ->> coalesce(tenant_catalog.locale, t.default_locale),
                  o.label ->> 'en', r.name ->> 'en'),
         r.name || coalesce(o.label, '{}'),
         r.description,
         coalesce(o.sort_order, r.sort_order),
         r.icon, r.colour, r.attributes,
         r.active and not r.retired and not coalesce(o.hidden, false)
           and (r.family <> 'payment_methods'
                or exists (select from public.tenant_payment_methods pm
                           where pm.tenant_id = s.tenant_id and pm.method_code = r.code and pm.enabled)),
         coalesce(o.hidden, false), r.retired, o.code is not null, o.conflict, s.release_no
  from public.tenant_catalog_state s
  join public.tenants t on t.id = s.tenant_id
  join public.catalog_release_entries r on r.release_no = s.release_no
  left join public.tenant_catalog_overrides o on o.tenant_id = s.tenant_id and o.family = r.family and o.code = r.code
  where s.tenant_id = tenant_catalog.tenant_id
    and (tenant_catalog.only_family is null or r.family = tenant_catalog.only_family)
  order by r.family, coalesce(o.sort_order, r.sort_order), r.code
$$;
revoke all on function public.tenant_catalog(uuid, text, text) from public, anon, authenticated, service_role;
grant execute on function public.tenant_catalog(uuid, text, text) to authenticated, service_role;
comment on function public.tenant_catalog(uuid, text, text) is
  'A tenant''s effective catalog: its release''s entries with its shadow labels, labelled in a language (default the tenant''s, English fallback); visible = offered to customers. Row-level security applies.';
