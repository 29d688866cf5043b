-- Test-only machinery for the billing RLS matrix (supabase/tests/billing/rls_matrix.test.sql), built on
-- the house matrix (30_rls_matrix.sql): its fixture rows, the matrix of billing tables and what each
-- persona should be able to do there. Moved here from the test file when it passed 150 lines (issue 15).

-- The rows of a table in scope, as the superuser: compared before and after the probes.
create or replace function tests.billing_rows_of(tbl text, scope text)
returns text
language plpgsql
as $$
declare
  r text;
begin
  execute format('select coalesce(string_agg(to_jsonb(x)::text, E''\n'' order by to_jsonb(x)::text), '''') from %s x where %s', tbl, scope)
  into r;
  return r;
end
$$;

-- The personas (tests.create_rls_personas plus imp_tech: a tech_admin, no billing.read, in a live
-- read-only impersonation of A), one row per tenant in every tenant-scoped billing table (two rows in
-- each HQ-only table), and the temp table `matrix`: per billing table its scope, target row, column
-- to update, reader class, a sample row for inserts and the rows before any probe.
create or replace function tests.create_billing_rls_fixtures(tenant_a uuid, tenant_b uuid)
returns void
language plpgsql
as $fx$
begin
  perform tests.create_rls_personas(tenant_a, tenant_b);
  insert into persona values ('imp_tech', tests.create_staff('imp-tech@hq.test', 'tech_admin'), 'aal2');
  insert into public.impersonations (staff_id, tenant_id, mode, reason, started_at, expires_at)
  values ((select user_id from persona where name = 'imp_tech'), tenant_a, 'read_only', 'billing matrix', now(), now() + interval '10 minutes');

  -- One row per tenant in every tenant-scoped billing table, written as the superuser (the tables
  -- take no direct writes from any API role), and two rows in each HQ-only table without a tenant.
  create temp table fx (t uuid, tag text, sub uuid, coupon uuid, inv uuid, cn uuid, pay uuid, dcase uuid);
  insert into fx
  select t, tag, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid()
  from (values (tenant_a, 'a'), (tenant_b, 'b')) v (t, tag);

  insert into public.billing_profiles (tenant_id, legal_name, billing_email)
  select t, 'Matrix ' || tag || ' LLC', 'billing@' || tag || '.test' from fx;
  insert into public.customer_balance_transactions (tenant_id, amount, currency, reason)
  select t, 1.500, 'OMR', 'matrix ' || tag from fx;
  insert into public.subscriptions (id, tenant_id, plan_id, billing_interval, currency, status, current_period_start, current_period_end)
  select sub, t, (select id from public.plans where code = 'starter'), 'month', 'OMR', 'active', now(), now() + interval '1 month' from fx;
  insert into public.subscription_add_ons (subscription_id, tenant_id, add_on_code, quantity)
  select sub, t, 'extra_pos', 1 from fx;
  insert into public.mrr_movements (subscription_id, tenant_id, currency, kind, mrr_before, mrr_after, at)
  select sub, t, 'OMR', 'new', 0, 10, now() from fx;
  insert into public.coupons (id, code, name, kind, percent_off, duration)
  select coupon, 'MATRIX-' || upper(tag), '{"en":"Matrix coupon"}', 'percent', 10, 'once' from fx;
  insert into public.coupon_redemptions (coupon_id, subscription_id, tenant_id)
  select coupon, sub, t from fx;
  insert into public.invoices (id, tenant_id, subscription_id, number, billing_year, status, billing_reason, currency, timezone,
                               issue_date, due_date, tax_country, subtotal, total, amount_due)
  select inv, t, sub, 'MATRIX-' || upper(tag) || '-000001', 2999, 'open', 'manual', 'OMR', 'Asia/Muscat',
         current_date, current_date + 14, 'OM', 10, 10, 10 from fx;
  insert into public.invoice_lines (invoice_id, tenant_id, position, kind, description, unit_amount, amount)
  select inv, t, 1, 'adjustment', '{"en":"Matrix line"}', 10, 10 from fx;
  insert into public.credit_notes (id, number, invoice_id, tenant_id, currency, amount, total, method, reason)
  select cn, 'MATRIX-CN-' || upper(tag), inv, t, 'OMR', 1, 1, 'customer_balance', 'matrix credit' from fx;
  insert into public.gateway_accounts (tenant_id, gateway, environment, merchant_ref, secret_name)
  select t, 'stripe', 'test', 'acct_matrix_' || tag, 'matrix_whsec_' || tag from fx;
  -- succeeded, so the dunning trigger on failed payments stays out of the fixtures
  insert into public.payments (id, invoice_id, tenant_id, gateway, gateway_payment_id, amount, currency, status)
  select pay, inv, t, 'stripe', 'pi_matrix_' || tag, 2, 'OMR', 'succeeded' from fx;
  insert into public.refunds (payment_id, gateway, gateway_refund_id, gateway_payment_id, invoice_id, tenant_id, credit_note_id,
                              amount, currency, status)
  select pay, 'stripe', 're_matrix_' || tag, 'pi_matrix_' || tag, inv, t, cn, 1, 'OMR', 'succeeded' from fx;
  insert into public.payment_methods (tenant_id, gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year, is_default, payment_id)
  select t, 'stripe', 'cus_matrix_' || tag, 'pm_matrix_' || tag, 'visa', '4242', 12, 2030, true, pay from fx;
  insert into public.payment_events (gateway, event_id, event_type, kind, object_id, invoice_id, payload, amount, currency)
  select 'stripe', 'evt_matrix_' || tag, 'payment_intent.succeeded', 'payment_succeeded', 'pi_matrix_' || tag, inv,
         jsonb_build_object('card', jsonb_build_object('last4', '4242'), 'customer_email', 'billing@' || tag || '.test'), 2, 'OMR' from fx;
  insert into public.dunning_cases (id, invoice_id, subscription_id, tenant_id, stage, next_action, next_action_at)
  select dcase, inv, sub, t, 'retrying', 'retry', now() + interval '1 day' from fx;
  insert into public.dunning_events (case_id, tenant_id, action, detail)
  select dcase, t, 'retry', '{"matrix": true}' from fx;
  insert into private.document_sequences (kind, billing_year, last_number) values ('invoice', 2999, 1), ('credit_note', 2999, 1);


  create temp table matrix (tbl text, scope text, target text, upd text, readers text);
  insert into matrix
  select m.tbl,
         case m.scoping when 'tenant' then format('tenant_id in (%L, %L)', tenant_a, tenant_b) else m.scope end,
         case m.scoping when 'tenant' then format('tenant_id = %L', tenant_a) else m.target end,
         m.upd, m.readers
  from (values
    ('public.currencies', 'all', 'true', $$code = 'OMR'$$, 'name', 'signed_in'),
    ('public.tax_rates', 'all', 'true', $$country = 'OM'$$, 'rate', 'signed_in'),
    ('public.billing_profiles', 'tenant', null, null, 'legal_name', 'tenant_or_billing.read'),
    ('public.customer_balance_transactions', 'tenant', null, null, 'reason', 'tenant_or_billing.read'),
    ('public.subscriptions', 'tenant', null, null, 'status', 'tenant_or_billing.read'),
    ('public.subscription_add_ons', 'tenant', null, null, 'quantity', 'tenant_or_billing.read'),
    ('public.coupon_redemptions', 'tenant', null, null, 'periods_applied', 'tenant_or_billing.read'),
    ('public.invoices', 'tenant', null, null, 'status', 'tenant_or_billing.read'),
    ('public.invoice_lines', 'tenant', null, null, 'amount', 'tenant_or_billing.read'),
    ('public.credit_notes', 'tenant', null, null, 'status', 'tenant_or_billing.read'),
    ('public.payments', 'tenant', null, null, 'status', 'tenant_or_billing.read'),
    ('public.refunds', 'tenant', null, null, 'status', 'tenant_or_billing.read'),
    ('public.payment_methods', 'tenant', null, null, 'is_default', 'tenant_or_billing.read'),
    ('public.coupons', 'own', $$code in ('MATRIX-A', 'MATRIX-B')$$, $$code = 'MATRIX-A'$$, 'status', 'billing.read'),
    ('public.mrr_movements', 'tenant', null, null, 'kind', 'billing.read'),
    ('public.gateway_accounts', 'tenant', null, null, 'active', 'billing.read'),
    ('public.dunning_policy', 'all', 'true', 'id = 1', 'retry_days', 'billing.read'),
    ('public.dunning_cases', 'tenant', null, null, 'stage', 'billing.read'),
    ('public.dunning_events', 'tenant', null, null, 'detail', 'billing.read'),
    ('public.payment_events', 'own', $$event_id in ('evt_matrix_a', 'evt_matrix_b')$$, $$event_id = 'evt_matrix_a'$$, 'status', 'billing.write'),
    ('private.document_sequences', 'own', 'billing_year = 2999', $$kind = 'invoice' and billing_year = 2999$$, 'last_number', 'nobody')
  ) m (tbl, scoping, scope, target, upd, readers);
  alter table matrix add column sample jsonb, add column before_rows text;
  update matrix set sample = tests.rls_sample(tbl, target);
  update matrix set before_rows = tests.billing_rows_of(tbl, scope);
end
$fx$;

-- What a persona should be able to do. The stock classes come from tests.rls_expected; the
-- billing ones are defined here (what each role holds: 20261123000400_staff.sql):
--   billing.read             super_admin, biz_admin, support, auditor at aal2 and the stock
--                            impersonators (support / super_admin at aal2) — all rows; nobody else
--   billing.write            super_admin, biz_admin at aal2 and imp_full (a super_admin) — all rows
--   tenant_or_billing.read   billing.read staff all rows; each tenant's owner its own row; imp_tech
--                            (tech_admin, no billing.read) the impersonated tenant A's row only
-- No persona inserts, updates or deletes any billing row.
create or replace function tests.billing_rls_expected(who text, tbl text, scope text, readers text)
returns text
language plpgsql
as $$
declare
  total bigint;
  seen text;
  billing_reader boolean := who in ('super_admin_aal2', 'biz_admin_aal2', 'support_aal2', 'auditor_aal2', 'imp_ro', 'imp_full', 'imp_expired');
  billing_writer boolean := who in ('super_admin_aal2', 'biz_admin_aal2', 'imp_full');
begin
  if readers not in ('billing.read', 'billing.write', 'tenant_or_billing.read') then
    if who = 'imp_tech' then
      -- our own persona: not known to tests.rls_expected; a tech_admin at aal2 for these classes
      who := 'tech_admin_aal2';
      if readers not in ('signed_in', 'nobody') then
        raise exception 'billing_rls_expected: no expectation for imp_tech in class %', readers;
      end if;
    end if;
    return tests.rls_expected(who, tbl, scope, readers, '{}');
  end if;
  execute format('select count(*) from %s where %s', tbl, scope) into total;
  seen := case
    when who = 'anon' then 'denied'
    when readers = 'billing.read' then case when billing_reader then total::text else '0' end
    when readers = 'billing.write' then case when billing_writer then total::text else '0' end
    when readers = 'tenant_or_billing.read' then case when billing_reader then total::text
                                                       when who in ('tenant_a', 'tenant_b', 'imp_tech') then '1' else '0' end
  end;
  return format('s=%s i=deny u=deny d=deny', seen);
end
$$;

grant execute on all functions in schema tests to public;
