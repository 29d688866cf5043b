-- Billing invoicing: who may create, finalise and void invoices and edit billing profiles (staff at aal2
-- with billing.write; nobody writes the tables directly), and who reads invoices, lines, profiles and
-- balance transactions (RLS). Fixtures: devstack/sql/test/50_billing.sql.
begin;
select plan(20);

select tests.freeze_time('2031-03-01 21:30:00+00');  -- 2 March 01:30 in Muscat
select tests.create_billing_tenant('bi-om', 'OM', 'OMR', 'Asia/Muscat') as om \gset
select tests.create_billing_tenant('bi-sa', 'SA', 'SAR', 'Asia/Riyadh') as sa \gset
select tests.create_billing_tenant('bi-kw', 'KW', 'KWD', 'Asia/Kuwait') as kw \gset
select public.set_billing_profile(:'om', '{"legal_name":"BI Oman LLC"}') is not null;

-- ── permissions ─────────────────────────────────────────────────────────────────────────────
select tests.create_staff('bi-biz@hq.test', 'biz_admin') as biz \gset
select tests.create_staff('bi-support@hq.test', 'support') as support \gset
select tests.create_staff('bi-tech@hq.test', 'tech_admin') as tech \gset
select tests.create_user('bi-owner@om.test') as om_owner \gset
select tests.create_user('bi-owner@sa.test') as sa_owner \gset
select tests.add_member(:'om', :'om_owner', 'owner');
select tests.add_member(:'sa', :'sa_owner', 'owner');
select tests.create_draft_invoice(:'kw', '[{"description":{"en":"For staff"},"unit_amount":1}]') as staff_draft \gset
select count(*) as before_count from public.invoices \gset

select tests.authenticate_as(:'biz', 'aal2');
select is(public.finalize_invoice(:'staff_draft') ->> 'status', 'open', 'biz_admin (billing.write) finalises');
select is(tests.error_of(format($$ update public.invoices set status = 'paid' where id = %L $$, :'staff_draft')), '42501 ', 'no one writes an invoice''s status directly');
select is(tests.error_of(format($$ delete from public.invoice_lines where invoice_id = %L $$, :'staff_draft')), '42501 ', 'nor its lines');
select is(tests.error_of($$ update private.document_sequences set last_number = 0 $$), '42501 ', 'nor the number sequence');
select tests.authenticate_as(:'biz', 'aal1');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":1}]') $$, :'om')), 'PT403 auth.mfa_required', 'staff need an aal2 session');
select tests.authenticate_as(:'support', 'aal2');
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":1}]') $$, :'om')), 'PT403 auth.permission_denied', 'support (billing.read only) cannot invoice');
select is(tests.error_of(format($$ select public.void_invoice(%L, 'support tries') $$, :'staff_draft')), 'PT403 auth.permission_denied', 'nor void');
select is(tests.error_of(format($$ select public.set_billing_profile(%L, '{}') $$, :'om')), 'PT403 auth.permission_denied', 'nor edit a billing profile');
select tests.authenticate_as(:'om_owner', 'aal2');
select is(tests.error_of(format($$ select public.finalize_invoice(%L) $$, :'staff_draft')), 'PT403 auth.not_staff', 'a tenant user cannot finalise');
select tests.authenticate_as_anon();
select is(tests.error_of(format($$ select public.create_invoice(%L, '[{"description":{"en":"x"},"unit_amount":1}]') $$, :'om')), '42501 ', 'anon cannot even call it');
select tests.clear_authentication();
select is((select count(*) from public.invoices), :'before_count'::bigint, 'the refused calls created nothing');
select is((select status from public.invoices where id = :'staff_draft'), 'open', 'and changed nothing');

-- ── RLS ─────────────────────────────────────────────────────────────────────────────────────
select count(*) as om_count from public.invoices where tenant_id = :'om' \gset
select count(*) as om_lines from public.invoice_lines where tenant_id = :'om' \gset
select tests.authenticate_as(:'om_owner');
select is((select count(*) from public.invoices), :'om_count'::bigint, 'a tenant member reads exactly the own tenant''s invoices');
select is((select count(*) from public.invoice_lines), :'om_lines'::bigint, 'and their lines');
select is((select count(*) from public.billing_profiles), 1::bigint, 'and only the own billing profile');
select is((select count(*) from public.invoices where tenant_id = :'sa'), 0::bigint, 'another tenant''s invoices are invisible');
select tests.authenticate_as(:'sa_owner');
select is((select count(*) from public.invoices where tenant_id = :'om'), 0::bigint, 'the other tenant''s member sees none of them');
select tests.authenticate_as(:'tech', 'aal2');
select is((select count(*) from public.invoices), 0::bigint, 'staff without billing.read see no invoices');
select is((select count(*) from public.customer_balance_transactions), 0::bigint, 'nor balance transactions');
select tests.authenticate_as(:'support', 'aal2');
select is((select count(*) from public.invoices where tenant_id = :'om'), :'om_count'::bigint, 'staff with billing.read see them');
select tests.clear_authentication();

select * from finish();
rollback;
