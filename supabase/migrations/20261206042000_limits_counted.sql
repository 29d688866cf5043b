-- Limits that are counted where the usage happens (issue 13 §3).
--
-- * Orders: public.create_order counts max_orders_per_month (private.increment_usage, under the
--   counter's row lock, before the order is written) and answers per the limit type:
--     hard     refused: PT409 entitlements.limit_reached, the limit named in message and hint;
--     soft     created; the answer's "warnings" carries limit.soft_exceeded, a 'warn' breach is kept;
--     overage  created; an 'overage' breach with units, unit price and amount is kept in
--              limit_breaches, which the invoice run bills (private.add_overage_lines).
--   In grace an overage limit acts as a hard one (reason tenant.grace). create_order now answers
--   jsonb {id, number, stage, limit, warnings} instead of the bare id.
-- * Users: a trigger on tenant_members counts max_users for tenants on a plan (tenant_plans):
--   the counter is set to the real number of members, then the new one is checked the same way
--   (hard refuses the insert, soft warns in limit_breaches, overage records). A member removed
--   frees its unit. Membership is not usage the lifecycle stops: in a suspended, frozen or
--   inactive tenant a member is counted but not checked (its owners can still be managed); tenants
--   not yet on a plan are not counted (nothing to count against yet).
-- * Branches: the tenant model has no branches yet, so nothing counts max_branches; the tenant
--   app calls private.increment_usage(tenant, 'max_branches', ±1) until branches arrive here.

-- The one refusal of a limit, with the limit named.
create function private.raise_limit_reached(decision jsonb)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  raise exception using errcode = 'PT409',
    message = format('the tenant has reached its %s limit (%s %s%s)', decision ->> 'limit_key',
                     coalesce(decision ->> 'limit', '0'), decision ->> 'type',
                     case when decision ->> 'period' = 'month' then ' per month' else '' end),
    detail = 'entitlements.limit_reached',
    hint = format('%s: %s used, limit %s%s', decision ->> 'limit_key', decision ->> 'used', coalesce(decision ->> 'limit', '0'),
                  case when decision ->> 'reason' = 'tenant.grace' then '; no billable overage while the tenant is in grace'
                       else '; upgrade the plan or add an add-on' end);
end
$$;

-- What an answer says about a counted limit: the decision, and a warning for soft and overage.
create function private.limit_warnings(decision jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select case when decision ->> 'outcome' in ('warn', 'overage') then
    jsonb_build_array(jsonb_build_object('code', decision ->> 'reason', 'limit_key', decision ->> 'limit_key',
      'limit', decision -> 'limit', 'used', decision -> 'used', 'overage_units', decision -> 'overage_units',
      'overage_amount', decision -> 'overage_amount', 'currency', decision -> 'currency'))
  else '[]'::jsonb end
$$;

-- ── orders ──────────────────────────────────────────────────────────────────────────────────

drop function public.create_order(uuid, text, text, text, text, int, numeric, text);
create function public.create_order(tenant_id uuid, service_category text, number text, customer_name text,
                                    customer_phone text default null, items_count int default 1,
                                    amount_total numeric default 0, currency text default null)
returns jsonb
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
  v_limit jsonb;
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
  -- count the order against the month's limit; the counter's row lock serialises the last unit
  v_limit := private.increment_usage(tenant_id, 'max_orders_per_month', 1);
  if v_limit ->> 'outcome' = 'blocked' then
    perform private.raise_limit_reached(v_limit);
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
  return jsonb_build_object('id', v_id, 'number', number, 'stage', v_start,
    'limit', jsonb_build_object('limit_key', 'max_orders_per_month', 'outcome', v_limit ->> 'outcome', 'type', v_limit ->> 'type',
                                'limit', v_limit -> 'limit', 'used', v_limit -> 'used'),
    'warnings', private.limit_warnings(v_limit));
end
$$;
comment on function public.create_order(uuid, text, text, text, text, int, numeric, text) is
  'Creates an order at its workflow''s start stage, counted against max_orders_per_month: hard limits refuse (entitlements.limit_reached), soft ones warn, overage is recorded for billing. Answers {id, number, stage, limit, warnings}.';
revoke execute on function public.create_order(uuid, text, text, text, text, int, numeric, text) from public, anon;
grant execute on function public.create_order(uuid, text, text, text, text, int, numeric, text) to authenticated, service_role;

-- ── users ───────────────────────────────────────────────────────────────────────────────────

-- Sets the max_users gauge to the tenant's members (less `excluding`), under the counter's lock.
create function private.sync_member_count(tenant_id uuid, excluding uuid default null)
returns numeric
language plpgsql
security definer
set search_path = ''
as $$
declare
  n numeric;
begin
  insert into public.usage_counters (tenant_id, feature_key, period_start) values (tenant_id, 'max_users', date '1970-01-01')
  on conflict on constraint usage_counters_pkey do nothing;
  perform from public.usage_counters u
  where u.tenant_id = sync_member_count.tenant_id and u.feature_key = 'max_users' and u.period_start = date '1970-01-01' for update;
  -- counted after the lock: a concurrent insert that committed first is seen
  select count(*) into n from public.tenant_members m
  where m.tenant_id = sync_member_count.tenant_id and m.user_id is distinct from excluding;
  update public.usage_counters u set used = n, updated_at = private.now()
  where u.tenant_id = sync_member_count.tenant_id and u.feature_key = 'max_users' and u.period_start = date '1970-01-01';
  return n;
end
$$;

create function private.tenant_members_count_users()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  decision jsonb;
begin
  if tg_op = 'DELETE' then
    if exists (select from public.tenant_plans p where p.tenant_id = old.tenant_id) then
      perform private.sync_member_count(old.tenant_id);
    end if;
    return null;
  end if;
  if not exists (select from public.tenant_plans p where p.tenant_id = new.tenant_id) then
    return null;  -- not on a plan yet: nothing to count against
  end if;
  if private.current_entitlements(new.tenant_id) ->> 'status_restriction' in ('suspended', 'frozen', 'inactive') then
    perform private.sync_member_count(new.tenant_id);  -- counted, not refused: see the header
    return null;
  end if;
  perform private.sync_member_count(new.tenant_id, new.user_id);
  decision := private.increment_usage(new.tenant_id, 'max_users', 1);
  if decision ->> 'outcome' = 'blocked' then
    perform private.raise_limit_reached(decision);
  end if;
  return null;
end
$$;
create trigger tenant_members_count_users after insert or delete on public.tenant_members
  for each row execute function private.tenant_members_count_users();

revoke execute on function private.raise_limit_reached(jsonb), private.limit_warnings(jsonb),
  private.sync_member_count(uuid, uuid), private.tenant_members_count_users() from public, anon, authenticated;
