-- Workflow engine (C8), part 2: the tenant-side orders runtime, the guard registry,
-- transition_order and the support search.
--
-- An order is pinned to the effective workflow version it started on; its stage changes only
-- through transition_order (no role holds UPDATE on the stage columns), which writes the order and
-- its order_transitions row (the transition audit) under the order's row lock.

create extension if not exists pg_trgm with schema extensions;

create table public.orders (
  id uuid primary key default extensions.gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  number text not null check (number ~ '^[A-Za-z0-9][A-Za-z0-9_/-]{0,39}$'),
  customer_name text not null check (length(trim(customer_name)) between 1 and 200),
  customer_phone text check (customer_phone ~ '^\+?[0-9 ()-]{3,30}$'),
  -- digits only, for phone search whatever the formatting
  phone_digits text generated always as (regexp_replace(coalesce(customer_phone, ''), '[^0-9]', '', 'g')) stored,
  service_category text not null,
  template_id uuid not null references public.workflow_templates (id),
  version_id uuid not null references public.workflow_versions (id),
  items_count int not null default 1 check (items_count between 0 and 10000),
  amount_total numeric(14,3) not null default 0 check (amount_total >= 0),
  amount_paid numeric(14,3) not null default 0 check (amount_paid >= 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  invoice_number text,
  paid boolean not null default false,
  proof_of_delivery boolean not null default false,
  scan_status text not null default 'pending' check (scan_status in ('pending', 'ok', 'failed')),
  current_stage text not null,
  stage_entered_at timestamptz not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, number)
);
create index orders_tenant_created_idx on public.orders (tenant_id, created_at desc);
-- Newest-first walk for broad searches (see search_orders).
create index orders_created_idx on public.orders (created_at desc);
create index orders_template_idx on public.orders (template_id);
create index orders_version_idx on public.orders (version_id);
create index orders_created_by_idx on public.orders (created_by);
-- support search: number prefix, phone digits and customer name substrings
create index orders_number_idx on public.orders (lower(number) text_pattern_ops);
create index orders_phone_trgm_idx on public.orders using gin (phone_digits extensions.gin_trgm_ops);
create index orders_name_trgm_idx on public.orders using gin (lower(customer_name) extensions.gin_trgm_ops);
-- stuck orders: where each tenant's open orders sit
create index orders_stage_idx on public.orders (tenant_id, current_stage, stage_entered_at);

create table public.order_transitions (
  id bigint generated always as identity primary key,
  order_id uuid not null references public.orders (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  template_id uuid not null references public.workflow_templates (id),
  version_id uuid not null references public.workflow_versions (id),
  from_stage text,
  to_stage text not null,
  actor_id uuid references auth.users (id) on delete set null,
  actor_role text,
  impersonation_id uuid,
  at timestamptz not null,
  -- time spent in from_stage, and its SLA at the time (analytics read these, never recompute)
  duration_seconds numeric(14,3),
  sla_minutes int,
  sla_breached boolean not null default false,
  note text
);
create index order_transitions_order_idx on public.order_transitions (order_id, id);
create index order_transitions_tenant_at_idx on public.order_transitions (tenant_id, at);
create index order_transitions_at_idx on public.order_transitions (at);
create index order_transitions_template_idx on public.order_transitions (template_id);
create index order_transitions_version_idx on public.order_transitions (version_id);
create index order_transitions_actor_idx on public.order_transitions (actor_id);

alter table public.orders enable row level security;
alter table public.order_transitions enable row level security;
revoke all on public.orders, public.order_transitions from anon;
revoke insert, update, delete, truncate on public.orders, public.order_transitions from authenticated;
-- The tenant app edits what it owns; the stage, the version and the tenant only move through functions.
grant update (customer_name, customer_phone, items_count, amount_total, amount_paid, invoice_number, paid,
              proof_of_delivery, scan_status) on public.orders to authenticated;

-- Staff reach orders only through an impersonation (or the support search function).
create policy "orders: members and impersonators read" on public.orders for select to authenticated
  using (tenant_id in (select private.my_tenant_ids())
         or tenant_id in (select private.impersonated_tenant_ids(false)));
create policy "orders: operators and up write" on public.orders for update to authenticated
  using (tenant_id in (select private.my_tenant_ids())
         or tenant_id in (select private.impersonated_tenant_ids(false)))
  with check (tenant_id in (select private.my_tenant_ids_with_role(array['owner', 'admin', 'operator']))
              or tenant_id in (select private.impersonated_tenant_ids(true)));
create policy "order transitions: members and impersonators read" on public.order_transitions for select to authenticated
  using (tenant_id in (select private.my_tenant_ids())
         or tenant_id in (select private.impersonated_tenant_ids(false)));

create function private.orders_touch()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
create trigger orders_touch before update on public.orders for each row execute function private.orders_touch();

-- ── guards ──────────────────────────────────────────────────────────────────────────────────

create function private.register_workflow_guard(key text, name jsonb, checker regprocedure, description jsonb default '{}')
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (select from pg_catalog.pg_proc p where p.oid = checker
                 and p.proargtypes = pg_catalog.format('%s %s', 'public.orders'::regtype::oid, 'text'::regtype::oid)::pg_catalog.oidvector
                 and p.prorettype = 'text'::regtype) then
    raise exception using errcode = '22023', message = format('%s is not a workflow guard', checker),
      detail = 'workflow.invalid_guard', hint = 'a guard is a function(o public.orders, note text) returns text';
  end if;
  insert into public.workflow_guards as g (key, name, description, checker)
  values (key, name, description, checker::regproc::text)
  on conflict on constraint workflow_guards_pkey do update
    set name = excluded.name, description = excluded.description, checker = excluded.checker;
end
$$;

create function private.guard_requires_invoice(o public.orders, note text) returns text
language sql immutable set search_path = ''
as $$ select case when coalesce(trim(o.invoice_number), '') = '' then 'the order has no invoice' end $$;
create function private.guard_requires_payment(o public.orders, note text) returns text
language sql immutable set search_path = ''
as $$ select case when not o.paid then 'the order is not paid' end $$;
create function private.guard_requires_pod(o public.orders, note text) returns text
language sql immutable set search_path = ''
as $$ select case when not o.proof_of_delivery then 'there is no proof of delivery' end $$;
create function private.guard_requires_scan_ok(o public.orders, note text) returns text
language sql immutable set search_path = ''
as $$ select case when o.scan_status is distinct from 'ok' then format('the items scan is %s, not ok', o.scan_status) end $$;
create function private.guard_requires_note(o public.orders, note text) returns text
language sql immutable set search_path = ''
as $$ select case when coalesce(trim(note), '') = '' then 'a note is required' end $$;

select private.register_workflow_guard('requires_invoice', '{"en":"Requires an invoice","ar":"يتطلب فاتورة"}',
  'private.guard_requires_invoice(public.orders, text)'::regprocedure);
select private.register_workflow_guard('requires_payment', '{"en":"Requires payment","ar":"يتطلب الدفع"}',
  'private.guard_requires_payment(public.orders, text)'::regprocedure);
select private.register_workflow_guard('requires_pod', '{"en":"Requires proof of delivery","ar":"يتطلب إثبات التسليم"}',
  'private.guard_requires_pod(public.orders, text)'::regprocedure);
select private.register_workflow_guard('requires_scan_ok', '{"en":"Requires a clean items scan","ar":"يتطلب مسحاً سليماً للقطع"}',
  'private.guard_requires_scan_ok(public.orders, text)'::regprocedure);
select private.register_workflow_guard('requires_note', '{"en":"Requires a note","ar":"يتطلب ملاحظة"}',
  'private.guard_requires_note(public.orders, text)'::regprocedure);

-- ── creating orders ─────────────────────────────────────────────────────────────────────────

-- The caller's role in a tenant for order work: the member role, 'admin' for a full impersonation,
-- 'owner' for trusted callers (the tenant app's backend); null when they may not touch it.
create function private.order_actor_role(tenant_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when private.is_trusted_caller() then 'owner'
    when tenant_id in (select private.impersonated_tenant_ids(true)) then 'admin'
    else (select m.role from public.tenant_members m where m.tenant_id = order_actor_role.tenant_id and m.user_id = auth.uid())
  end
$$;

create function public.create_order(tenant_id uuid, service_category text, number text, customer_name text,
                                    customer_phone text default null, items_count int default 1,
                                    amount_total numeric default 0, currency text default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_role text := private.order_actor_role(tenant_id);
  v_template uuid;
  v_version uuid;
  v_start text;
  v_id uuid;
begin
  if v_role is null then
    if tenant_id in (select private.impersonated_tenant_ids(false)) then
      raise exception using errcode = 'PT403', message = 'a read-only impersonation cannot create orders',
        detail = 'workflow.read_only', hint = 'start a full impersonation';
    end if;
    raise exception using errcode = 'PT404', message = 'no such tenant', detail = 'tenant.not_found', hint = 'check the tenant id';
  end if;
  if v_role = 'viewer' then
    raise exception using errcode = 'PT403', message = 'viewers cannot create orders', detail = 'workflow.role_not_allowed',
      hint = 'allowed roles: owner, admin, operator';
  end if;
  perform private.assert_workflow_module(tenant_id);
  select t.id into v_template from public.workflow_templates t
  where t.service_category = create_order.service_category and not t.archived;
  if v_template is null then
    raise exception using errcode = '22023', message = format('no workflow for service category %s', coalesce(service_category, 'null')),
      detail = 'workflow.unknown_service_category',
      hint = (select 'known: ' || string_agg(t.service_category, ', ' order by t.service_category) from public.workflow_templates t where not t.archived);
  end if;
  v_version := private.ensure_tenant_workflow(tenant_id, v_template);
  if v_version is null then
    raise exception using errcode = 'PT409', message = 'the template has no published version yet',
      detail = 'workflow.not_published', hint = 'publish the template first';
  end if;
  select s ->> 'code' into v_start from public.workflow_versions v, jsonb_array_elements(v.definition -> 'stages') s
  where v.id = v_version and s ->> 'kind' = 'start';
  insert into public.orders (tenant_id, number, customer_name, customer_phone, service_category, template_id, version_id,
                             items_count, amount_total, currency, current_stage, stage_entered_at, created_by)
  values (tenant_id, number, customer_name, customer_phone, service_category, v_template, v_version, items_count,
          coalesce(amount_total, 0), coalesce(currency, (select t.currency from public.tenants t where t.id = create_order.tenant_id)),
          v_start, private.now(), auth.uid())
  returning id into v_id;
  insert into public.order_transitions (order_id, tenant_id, template_id, version_id, from_stage, to_stage, actor_id, actor_role,
                                        impersonation_id, at)
  values (v_id, tenant_id, v_template, v_version, null, v_start, auth.uid(), v_role,
          private.current_impersonation_id(tenant_id), private.now());
  return v_id;
end
$$;

-- ── transition_order ────────────────────────────────────────────────────────────────────────

create function public.transition_order(order_id uuid, to_stage text, note text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  o public.orders;
  def jsonb;
  tr jsonb;
  from_stage jsonb;
  v_role text;
  v_allowed text;
  v_missing text[] := '{}';
  v_guard text;
  v_checker text;
  v_msg text;
  v_now timestamptz := private.now();
  v_duration numeric;
  v_sla int;
begin
  if note is not null and length(note) > 2000 then
    raise exception using errcode = '22023', message = 'a transition note is at most 2000 characters',
      detail = 'workflow.note_too_long', hint = 'shorten the note';
  end if;
  -- The row lock: a second transition of the same order waits here, then sees the new stage.
  select * into o from public.orders x where x.id = transition_order.order_id for update;
  v_role := case when found then private.order_actor_role(o.tenant_id) end;
  if v_role is null then
    if found and o.tenant_id in (select private.impersonated_tenant_ids(false)) then
      raise exception using errcode = 'PT403', message = 'a read-only impersonation cannot move orders',
        detail = 'workflow.read_only', hint = 'start a full impersonation';
    end if;
    raise exception using errcode = 'PT404', message = 'no such order', detail = 'workflow.order_not_found',
      hint = 'check the order id';
  end if;
  perform private.assert_workflow_module(o.tenant_id);
  select v.definition into def from public.workflow_versions v where v.id = o.version_id;
  select t into tr from jsonb_array_elements(def -> 'transitions') t
  where t ->> 'from' = o.current_stage and t ->> 'to' = transition_order.to_stage;
  select coalesce(string_agg(t ->> 'to', ', '), 'none (the order is in a final stage)') into v_allowed
  from jsonb_array_elements(def -> 'transitions') t
  where t ->> 'from' = o.current_stage and t -> 'roles' ? v_role;
  if tr is null then
    raise exception using errcode = 'PT409',
      message = format('an order in %s cannot move to %s', o.current_stage, coalesce(to_stage, 'null')),
      detail = 'workflow.illegal_transition', hint = format('allowed next stages: %s', v_allowed);
  end if;
  if not (tr -> 'roles' ? v_role) then
    raise exception using errcode = 'PT403',
      message = format('a tenant %s may not move an order from %s to %s', v_role, o.current_stage, to_stage),
      detail = 'workflow.role_not_allowed',
      hint = format('allowed roles: %s; your allowed next stages: %s',
                    (select string_agg(r, ', ') from jsonb_array_elements_text(tr -> 'roles') r), v_allowed);
  end if;
  for v_guard in select jsonb_array_elements_text(coalesce(tr -> 'guards', '[]')) loop
    select g.checker into v_checker from public.workflow_guards g where g.key = v_guard;
    if v_checker is null then
      v_missing := v_missing || format('%s (unknown guard)', v_guard);
      continue;
    end if;
    execute format('select %s($1, $2)', v_checker) into v_msg using o, note;
    if v_msg is not null then
      v_missing := v_missing || format('%s: %s', v_guard, v_msg);
    end if;
  end loop;
  if cardinality(v_missing) > 0 then
    raise exception using errcode = 'PT409',
      message = format('cannot move to %s yet: %s', to_stage, array_to_string(v_missing, '; ')),
      detail = 'workflow.guard_failed',
      hint = format('missing: %s; allowed next stages: %s', array_to_string(v_missing, '; '), v_allowed);
  end if;

  select s into from_stage from jsonb_array_elements(def -> 'stages') s where s ->> 'code' = o.current_stage;
  v_sla := (from_stage ->> 'sla_minutes')::int;
  v_duration := round(extract(epoch from (v_now - o.stage_entered_at))::numeric, 3);
  update public.orders x set current_stage = transition_order.to_stage, stage_entered_at = v_now
  where x.id = o.id;
  insert into public.order_transitions (order_id, tenant_id, template_id, version_id, from_stage, to_stage, actor_id, actor_role,
                                        impersonation_id, at, duration_seconds, sla_minutes, sla_breached, note)
  values (o.id, o.tenant_id, o.template_id, o.version_id, o.current_stage, to_stage, auth.uid(), v_role,
          private.current_impersonation_id(o.tenant_id), v_now, v_duration, v_sla,
          coalesce(v_duration > v_sla * 60, false), nullif(trim(note), ''));
  return jsonb_build_object('order_id', o.id, 'from', o.current_stage, 'to', to_stage, 'at', v_now,
    'duration_seconds', v_duration, 'sla_breached', coalesce(v_duration > v_sla * 60, false),
    'next', (select coalesce(jsonb_agg(t ->> 'to'), '[]') from jsonb_array_elements(def -> 'transitions') t
             where t ->> 'from' = to_stage and t -> 'roles' ? v_role));
end
$$;

-- The stages an order may move to now, for the tenant app's buttons (guards shown, not checked).
create function public.order_next_stages(order_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  o public.orders;
  v_role text;
begin
  select * into o from public.orders x where x.id = order_next_stages.order_id;
  v_role := case when found then coalesce(private.order_actor_role(o.tenant_id),
                 case when o.tenant_id in (select private.impersonated_tenant_ids(false)) then 'viewer' end) end;
  if v_role is null then
    raise exception using errcode = 'PT404', message = 'no such order', detail = 'workflow.order_not_found', hint = 'check the order id';
  end if;
  return (select coalesce(jsonb_agg(jsonb_build_object('to', t ->> 'to', 'label', t -> 'label', 'guards', coalesce(t -> 'guards', '[]'))), '[]')
          from public.workflow_versions v, jsonb_array_elements(v.definition -> 'transitions') t
          where v.id = o.version_id and t ->> 'from' = o.current_stage and t -> 'roles' ? v_role);
end
$$;

-- ── support search ──────────────────────────────────────────────────────────────────────────

-- Orders by number (prefix), phone digits or customer name (substring), optionally in one tenant.
-- Built per call so each shape gets its own plan (a generic plan would not use the right index).
create function public.search_orders(query text, for_tenant uuid default null, max_rows int default 50)
returns table (id uuid, tenant_id uuid, tenant_slug text, number text, customer_name text, customer_phone text,
               service_category text, current_stage text, stage_entered_at timestamptz, created_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  q text := lower(trim(coalesce(query, '')));
  digits text := regexp_replace(coalesce(query, ''), '[^0-9]', '', 'g');
  conds text[] := '{}';
  where_sql text;
  sql text;
  broad_at constant int := 500;
  hits int;
  bitmap_setting text;
begin
  if not (private.is_trusted_caller() or private.has_permission('support.read') or private.has_permission('tenants.read')) then
    perform private.assert_permission('support.read');
  end if;
  if max_rows is null or max_rows not between 1 and 500 then
    raise exception using errcode = '22023', message = 'max_rows is 1 to 500', detail = 'orders.invalid_limit', hint = 'e.g. 50';
  end if;
  if length(q) < 3 and for_tenant is null then
    raise exception using errcode = '22023', message = 'search needs at least 3 characters, or a tenant',
      detail = 'orders.search_too_short', hint = 'type more of the number, phone or name';
  end if;
  if length(q) > 100 then
    raise exception using errcode = '22023', message = 'search text is at most 100 characters',
      detail = 'orders.search_too_long', hint = 'shorten the search';
  end if;
  if q <> '' then
    conds := conds || format('lower(o.number) like %L', replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_') || '%');
    if length(digits) >= 3 then
      conds := conds || format('o.phone_digits like %L', '%' || digits || '%');
    end if;
    if length(q) >= 3 or search_orders.for_tenant is not null then
      conds := conds || format('lower(o.customer_name) like %L', '%' || replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_') || '%');
    end if;
  end if;
  where_sql := 'true'
      || case when search_orders.for_tenant is not null then format(' and o.tenant_id = %L', search_orders.for_tenant) else '' end
      || case when cardinality(conds) > 0 then ' and (' || array_to_string(conds, ' or ') || ')' else '' end;
  sql := 'select o.id, o.tenant_id, t.slug, o.number, o.customer_name, o.customer_phone, o.service_category, o.current_stage, '
      || 'o.stage_entered_at, o.created_at from public.orders o join public.tenants t on t.id = o.tenant_id where '
      || where_sql || format(' order by o.created_at desc limit %s', max_rows);
  -- A broad term (a common surname) matches thousands of orders: fetching them all through the
  -- trigram index and sorting is slow, while walking orders newest-first finds max_rows matches
  -- almost at once. A rare term is the opposite. Count matches up to a cap to tell which.
  execute format('select count(*) from (select 1 from public.orders o where %s limit %s) hits', where_sql, broad_at) into hits;
  if hits >= broad_at then
    bitmap_setting := current_setting('enable_bitmapscan');
    perform set_config('enable_bitmapscan', 'off', true);
  end if;
  return query execute sql;
  if bitmap_setting is not null then
    perform set_config('enable_bitmapscan', bitmap_setting, true);
  end if;
end
$$;

revoke execute on function private.orders_touch(), private.register_workflow_guard(text, jsonb, regprocedure, jsonb),
  private.guard_requires_invoice(public.orders, text), private.guard_requires_payment(public.orders, text),
  private.guard_requires_pod(public.orders, text), private.guard_requires_scan_ok(public.orders, text),
  private.guard_requires_note(public.orders, text), private.order_actor_role(uuid) from public, anon, authenticated;
revoke execute on function public.create_order(uuid, text, text, text, text, int, numeric, text),
  public.transition_order(uuid, text, text), public.order_next_stages(uuid), public.search_orders(text, uuid, int) from public, anon;
grant execute on function public.create_order(uuid, text, text, text, text, int, numeric, text),
  public.transition_order(uuid, text, text), public.order_next_stages(uuid), public.search_orders(text, uuid, int)
  to authenticated, service_role;
