-- A tenant's effective catalog, for tenant apps and the console: the entries of the release it
-- runs with its shadow labels applied. `label` is in the tenant's language, `label_en` and
-- `label_ar` in each, falling back to English. A security-invoker view: row-level security on the
-- tables beneath decides which tenants a caller sees (another tenant's catalog reads as empty), and
-- the planner sees through it (a filter on tenant_id or family reaches the indexes).
create view public.tenant_catalog_entries with (security_invoker = true) as
select s.tenant_id, r.family, r.code,
       coalesce(o.label ->> t.default_locale, r.name ->> t.default_locale, o.label ->> 'en', r.name ->> 'en') as label,
       coalesce(o.label ->> 'en', r.name ->> 'en') as label_en,
       coalesce(o.label ->> 'ar', r.name ->> 'ar', o.label ->> 'en', r.name ->> 'en') as label_ar,
       r.name || coalesce(o.label, '{}') as name,
       r.description,
       coalesce(o.sort_order, r.sort_order) as sort_order,
       r.icon, r.colour, r.attributes,
       r.active and not r.retired and not coalesce(o.hidden, false)
         and (r.family <> 'payment_methods' or coalesce(pm.enabled, false)) as visible,
       coalesce(o.hidden, false) as hidden,
       r.retired,
       o.code is not null as overridden,
       o.conflict,
       s.release_no
from public.tenant_catalog_state s
join public.tenants t on t.id = s.tenant_id
join public.catalog_release_entries r on r.release_no = s.release_no
left join public.tenant_catalog_overrides o on o.tenant_id = s.tenant_id and o.family = r.family and o.code = r.code
-- a join, not a per-row exists: the tenant_id filter then reaches the primary key
left join public.tenant_payment_methods pm on pm.tenant_id = s.tenant_id and r.family = 'payment_methods' and pm.method_code = r.code;

revoke all on table public.tenant_catalog_entries from public, anon, authenticated, service_role;
grant select on table public.tenant_catalog_entries to authenticated, service_role;

comment on view public.tenant_catalog_entries is 'A tenant''s effective catalog: its release''s entries with its shadow labels; filter on tenant_id. Row-level security applies.';
comment on column public.tenant_catalog_entries.tenant_id is 'The tenant.';
comment on column public.tenant_catalog_entries.family is 'Catalog family.';
comment on column public.tenant_catalog_entries.code is 'Entry code.';
comment on column public.tenant_catalog_entries.label is 'The label in the tenant''s default language (its own label first, then HQ''s name, then English).';
comment on column public.tenant_catalog_entries.label_en is 'The label in English.';
comment on column public.tenant_catalog_entries.label_ar is 'The label in Arabic (English when there is none).';
comment on column public.tenant_catalog_entries.name is 'HQ''s name with the tenant''s labels over it, {"en","ar"}.';
comment on column public.tenant_catalog_entries.description is 'HQ''s description {"en","ar"}.';
comment on column public.tenant_catalog_entries.sort_order is 'The tenant''s order, else HQ''s.';
comment on column public.tenant_catalog_entries.icon is 'Icon name.';
comment on column public.tenant_catalog_entries.colour is 'Colour #RRGGBB.';
comment on column public.tenant_catalog_entries.attributes is 'Family-specific facts (catalog_entries.attributes).';
comment on column public.tenant_catalog_entries.visible is 'Offered to the tenant''s customers: active, not retired, not hidden, and for payment methods enabled for the tenant.';
comment on column public.tenant_catalog_entries.hidden is 'Hidden by the tenant.';
comment on column public.tenant_catalog_entries.retired is 'Retired by HQ.';
comment on column public.tenant_catalog_entries.overridden is 'The tenant has a shadow label for it.';
comment on column public.tenant_catalog_entries.conflict is 'retired or changed: HQ changed the entry since the tenant labelled it.';
comment on column public.tenant_catalog_entries.release_no is 'The release the tenant runs.';
