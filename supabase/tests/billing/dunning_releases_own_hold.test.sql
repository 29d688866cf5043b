-- A payment releases only dunning's own hold on the tenant: an operator's later suspension or
-- freeze stays. (Found in the billing review.)
begin;
select plan(4);

select tests.create_tenant('rv-dun-s') as ts \gset
select tests.create_tenant('rv-dun-f') as tf \gset
select tests.create_staff('biz@rv.test', 'biz_admin') as biz \gset

-- An open OMR invoice made directly: total = subtotal + 5 % tax.
create function tests.rv_invoice(tenant uuid, subtotal numeric, sub uuid default null) returns uuid language plpgsql as $$
declare
  v_id uuid := extensions.gen_random_uuid();
  v_tax numeric := round(subtotal * 5 / 100, 3);
begin
  insert into public.invoices (id, tenant_id, subscription_id, number, status, billing_reason, currency, timezone, tax_country, tax_rate,
    subtotal, tax_total, total, amount_due, issue_date, due_date, finalized_at)
  values (v_id, tenant, sub, 'RV-' || left(v_id::text, 8), 'open', 'manual', 'OMR', 'Asia/Muscat', 'OM', 5,
    subtotal, v_tax, subtotal + v_tax, subtotal + v_tax, '2026-11-08', '2026-11-15', now());
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, quantity, unit_amount, amount, tax_amount)
  values (v_id, tenant, 1, 'adjustment', '{"en":"Service","ar":"خدمة"}', 1, subtotal, subtotal, v_tax);
  return v_id;
end $$;

-- ── 3. dunning releases only its own hold on the tenant ─────────────────────────────────────
create function tests.rv_sub(tenant uuid) returns uuid language sql as $$
  insert into public.subscriptions (tenant_id, plan_id, billing_interval, currency, status, current_period_start, current_period_end)
  values (tenant, (select id from public.plans where code = 'starter' and is_current), 'month', 'OMR', 'active', '2026-11-01', '2026-12-01')
  returning id
$$;
create function tests.rv_tick(day int) returns jsonb language plpgsql as $$
begin
  perform tests.freeze_time(('2026-11-15'::date + day)::timestamp at time zone 'Asia/Muscat' + interval '12 hours');
  return private.dunning_tick();
end $$;
select tests.rv_invoice(:'ts', 20, tests.rv_sub(:'ts')) as is1 \gset
select tests.rv_invoice(:'tf', 20, tests.rv_sub(:'tf')) as if1 \gset
select tests.rv_tick(7);
select is((select status from public.tenants where id = :'ts'), 'grace', 'day 7: dunning put the tenant in grace');
select tests.authenticate_as(:'biz', 'aal2');
select public.suspend_tenant(:'ts', 'abuse: spam orders');
select public.record_manual_payment(:'is1', 21, 'RV-BANK-S', 'bank transfer received');
select tests.clear_authentication();
select results_eq(format($$ select c.stage, s.status, t.status from public.dunning_cases c join public.subscriptions s on s.id = c.subscription_id
                           join public.tenants t on t.id = c.tenant_id where c.invoice_id = %L $$, :'is1'),
  $$ values ('recovered'::text, 'active'::text, 'suspended'::text) $$,
  'the payment recovers the case and the subscription, but the operator''s suspension stays');

select tests.rv_tick(14);
select is((select status from public.tenants where id = :'tf'), 'suspended', 'day 14: dunning suspended the other tenant');
select tests.authenticate_as(:'biz', 'aal2');
select public.freeze_tenant(:'tf', 'retention: data frozen by operator');
select public.record_manual_payment(:'if1', 21, 'RV-BANK-F', 'bank transfer received');
select tests.clear_authentication();
select is((select status from public.tenants where id = :'tf'), 'frozen', 'an operator''s freeze is not lifted by the payment (dunning never freezes)');

select * from finish();
rollback;
