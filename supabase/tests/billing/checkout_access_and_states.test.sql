-- Who may check out (checked before any key is looked at), and which invoice states can be paid
-- (uncollectible can; paid, void and draft cannot).
begin;
select plan(11);

-- ── fixtures ────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('idem-a') as ta \gset
select tests.create_tenant('idem-b') as tb \gset
select tests.create_user('owner-a@idem.test') as owner_a \gset
select tests.create_user('viewer-a@idem.test') as viewer_a \gset
select tests.create_user('owner-b@idem.test') as owner_b \gset
select tests.add_member(:'ta', :'owner_a', 'owner');
select tests.add_member(:'ta', :'viewer_a', 'viewer');
select tests.add_member(:'tb', :'owner_b', 'owner');

-- Invoices made directly in any status (tests.create_invoice_in): devstack/sql/test/50_billing.sql.

-- an invoice whose payment holds the key job:202 (as a retry job's first attempt leaves it)
select tests.create_invoice_in(:'ta', 20) as inv2 \gset
select tests.authenticate_as_service_role();
select public.begin_checkout(:'inv2', 'stripe', 'job:202') is not null;
select tests.clear_authentication();

-- ── who may: the usual checks run before any key is looked at ───────────────────────────────
select tests.authenticate_as(:'viewer_a');
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'stripe', 'job:202') $$, :'inv2')), 'PT403 billing.forbidden',
  'a tenant viewer may not, even with a known key');
select tests.authenticate_as(:'owner_b');
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'stripe', 'job:202') $$, :'inv2')), 'PT403 billing.forbidden',
  'nor another tenant''s owner');
select tests.authenticate_as_anon();
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'stripe', 'job:202') $$, :'inv2')), '42501 ', 'nor anon');
select tests.clear_authentication();
-- the tenant owner may use a key (e.g. a double-clicked Pay button)
select tests.create_invoice_in(:'ta', 5) as inv4 \gset
select tests.authenticate_as(:'owner_a');
select is((public.begin_checkout(:'inv4', 'paytabs', 'click:1')) ->> 'payment_id', (public.begin_checkout(:'inv4', 'paytabs', 'click:1')) ->> 'payment_id',
  'the tenant owner''s repeated keyed call: one payment');
select tests.clear_authentication();

-- ── invoice states: uncollectible can be paid; paid, void and draft cannot ──────────────────
select tests.create_invoice_in(:'tb', 40, 'uncollectible') as inv_unc \gset
select tests.authenticate_as(:'owner_b');
select public.begin_checkout(:'inv_unc', 'stripe') as cu \gset
select tests.clear_authentication();
select results_eq(format($$ select %L::jsonb ->> 'amount', %L::jsonb ->> 'amount_minor', (select status from public.payments where id = (%L::jsonb ->> 'payment_id')::uuid) $$, :'cu', :'cu', :'cu'),
  $$ values ('42.000'::text, '42000'::text, 'pending'::text) $$, 'a written-off (uncollectible) invoice can be checked out by its tenant');
select tests.create_invoice_in(:'tb', 40, 'void') as inv_void \gset
select tests.create_invoice_in(:'tb', 40, 'paid') as inv_paid \gset
select tests.create_invoice_in(:'tb', 40, 'draft') as inv_draft \gset
select tests.create_invoice_in(:'tb', 40) as inv_zero \gset
update public.invoices set amount_paid = total, amount_due = 0 where id = :'inv_zero';
select tests.authenticate_as_service_role();
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'stripe', 'job:void') $$, :'inv_void')), 'PT409 billing.invoice_not_payable', 'a void invoice cannot');
select is(tests.error_of(format($$ select public.begin_checkout(%L) $$, :'inv_paid')), 'PT409 billing.invoice_not_payable', 'nor a paid one');
select is(tests.error_of(format($$ select public.begin_checkout(%L) $$, :'inv_draft')), 'PT409 billing.invoice_not_payable', 'nor a draft');
select is(tests.error_of(format($$ select public.begin_checkout(%L) $$, :'inv_zero')), 'PT409 billing.invoice_not_payable', 'nor one with nothing due');
-- the keyed payment's invoice got paid meanwhile: the retry is told so (and the job is done)
update public.invoices set status = 'paid', amount_paid = total, amount_due = 0 where id = :'inv2';
select is(tests.error_of(format($$ select public.begin_checkout(%L, 'stripe', 'job:202') $$, :'inv2')), 'PT409 billing.invoice_not_payable',
  'a retry for an invoice paid meanwhile: invoice_not_payable');
select tests.clear_authentication();
select is((select count(*)::int from public.payments where invoice_id = any (array[:'inv_void', :'inv_paid', :'inv_draft', :'inv_zero']::uuid[])), 0,
  'refusals leave no payment behind');

select * from finish();
rollback;
