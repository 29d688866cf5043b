-- The RLS matrix of the billing tables (issue 8), in the style of house/rls_matrix.test.sql: select /
-- insert / update / delete as anon, tenant users of A and B, each staff role at aal1 and aal2, and
-- staff in read-only, full and expired impersonations of A — plus one persona of our own: a
-- tech_admin (no billing.read) in a live read-only impersonation of A, the only way to see the
-- impersonation branch of the tenant-document policies on its own (every stock impersonator is
-- support or super_admin and reads all billing anyway).
--
-- Who reads what (20261123001200_billing_schema.sql):
--   currencies, tax_rates                           every signed-in user
--   billing_profiles … refunds, payment_methods     the row's tenant's members, live impersonators
--                                                   of that tenant, billing.read staff at aal2
--   coupons, mrr_movements, gateway_accounts,
--   dunning_policy, dunning_cases, dunning_events   billing.read staff at aal2
--   payment_events (raw webhook payloads)           billing.write staff at aal2 (not support/auditor)
--   private.document_sequences                      nobody through the API roles
-- No persona writes any billing table directly: every change goes through a billing function.
begin;
select plan(31);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('billing-rls-a') as a \gset
select tests.create_tenant('billing-rls-b') as b \gset
-- the personas, one row per tenant in every billing table and the temp table `matrix`: devstack/sql/test/55_billing_rls.sql
select tests.create_billing_rls_fixtures(:'a', :'b');

-- ── the shape of the matrix ─────────────────────────────────────────────────────────────────

select is((select count(*) from persona), 17::bigint, 'the 16 stock personas and imp_tech');

select is((select array_agg(m.tbl order by m.tbl) from matrix m
           where not (select c.relrowsecurity from pg_class c where c.oid = m.tbl::regclass)),
          null, 'every billing table has RLS enabled');

-- Every table holding billing rows references another billing table: one that is not in the
-- matrix would be a billing table the matrix forgot (currencies is shared reference data: catalog
-- prices name them too).
select is((select array_agg(distinct c.conrelid::regclass::text order by c.conrelid::regclass::text)
           from pg_constraint c
           where c.contype = 'f' and c.confrelid in (select tbl::regclass from matrix where tbl <> 'public.currencies')
             and c.conrelid not in (select tbl::regclass from matrix)),
          null, 'no table outside the matrix references a billing table');

-- The fixtures are real: exactly one row per tenant where rows are per tenant, two where the
-- rows are HQ-only seeds of this test, the one dunning policy row.
select is(
  (select array_agg(m.tbl || '=' || n order by m.tbl)
   from matrix m, lateral (select (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %s where %s', m.tbl, m.scope), false, true, '')))[1]::text as n) q
   where m.tbl not in ('public.currencies', 'public.tax_rates', 'public.dunning_policy')
     and n <> '2'),
  null, 'two fixture rows (one per tenant, or A and B seeds) in every table but the reference ones');
select ok((select count(*) from public.currencies) >= 8 and (select count(*) from public.tax_rates) >= 8
          and (select count(*) from public.dunning_policy) = 1, 'reference rows exist: currencies, tax rates, the dunning policy');

-- ── privileges in the catalog ───────────────────────────────────────────────────────────────

-- anon holds nothing at all on any billing table, column grants included.
select is((select array_agg(m.tbl order by m.tbl) from matrix m
           where has_any_column_privilege('anon', m.tbl, 'SELECT, INSERT, UPDATE, REFERENCES')
              or has_table_privilege('anon', m.tbl, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')),
          null, 'anon holds no privilege on any billing table');
-- authenticated may only read (public tables) or nothing (private.document_sequences). (It still
-- holds REFERENCES and TRIGGER, as on every public table: Supabase's default privileges, which no
-- API request can use.)
select is((select array_agg(m.tbl order by m.tbl) from matrix m
           where has_any_column_privilege('authenticated', m.tbl, 'INSERT, UPDATE')
              or has_table_privilege('authenticated', m.tbl, 'INSERT, UPDATE, DELETE, TRUNCATE')
              or (m.readers = 'nobody') = has_table_privilege('authenticated', m.tbl, 'SELECT')),
          null, 'authenticated can read every public billing table and write none, nor touch private.document_sequences');

-- ── the matrix ──────────────────────────────────────────────────────────────────────────────

select results_eq(
  format($q$ select p.name, tests.rls_probe(p.name, %L, %L, %L, %L, %L::jsonb) from persona p order by p.name $q$,
         m.tbl, m.scope, m.target, m.upd, m.sample),
  format($q$ select p.name, tests.billing_rls_expected(p.name, %L, %L, %L) from persona p order by p.name $q$,
         m.tbl, m.scope, m.readers),
  m.tbl || ': what each persona can do is exactly what it should')
from matrix m
order by m.tbl;

select is((select array_agg(m.tbl order by m.tbl) from matrix m where tests.billing_rows_of(m.tbl, m.scope) is distinct from m.before_rows),
          null, 'after every persona tried to write every billing table, every row is unchanged');

-- ── the probe can fail ──────────────────────────────────────────────────────────────────────

-- Planted leaks, undone at once: the matrix would have caught a policy letting support read raw
-- webhook events, and a write path letting a tenant owner update its own invoice.
create policy "planted leak" on public.payment_events for select to authenticated using (true);
select is(tests.rls_probe('support_aal2', 'public.payment_events', (select scope from matrix where tbl = 'public.payment_events'),
                          (select target from matrix where tbl = 'public.payment_events'), 'status',
                          (select sample from matrix where tbl = 'public.payment_events')),
          's=2 i=deny u=deny d=deny', 'planted leak: the probe sees support reading raw payment events');
drop policy "planted leak" on public.payment_events;

grant update (memo) on public.invoices to authenticated;
create policy "planted leak" on public.invoices for update to authenticated using (tenant_id in (select private.my_tenant_ids()));
select is(tests.rls_probe('tenant_a', 'public.invoices', format('tenant_id in (%L, %L)', :'a', :'b'), format('tenant_id = %L', :'a'), 'memo',
                          (select sample from matrix where tbl = 'public.invoices')),
          's=1 i=deny u=ok d=deny', 'planted leak: the probe sees a tenant owner updating its invoice');
drop policy "planted leak" on public.invoices;
revoke update (memo) on public.invoices from authenticated;

select * from finish();
rollback;
