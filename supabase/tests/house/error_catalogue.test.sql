-- Issue 15 §2: one error catalogue (private.error_codes), one raise helper (private.fail).
-- Every code a function raises is catalogued, nothing raises around the helper, every code has an
-- English and an Arabic title, and SQLSTATE and HTTP status agree.
begin;
select plan(16);

-- our functions: the schemas the project owns
create temp view our_functions as
  select p.oid, n.nspname || '.' || p.proname as name, p.prosrc
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private', 'audit') and p.prolang = (select oid from pg_language where lanname = 'plpgsql');

create temp view raised_codes as
  select f.name, m[1] as code
  from our_functions f, regexp_matches(f.prosrc, $re$private\.fail\(\s*'([^']*)'$re$, 'g') m;

select isnt_empty($$ select * from raised_codes $$, 'the scan finds the helper''s calls');

select is_empty(
  $$ select name, code from raised_codes r where not exists (select from private.error_codes c where c.code = r.code) $$,
  'every code a function raises is in private.error_codes');

select is_empty(
  $$ select f.name from our_functions f
     where (select count(*) from regexp_matches(f.prosrc, 'private\.fail\(', 'g'))
        <> (select count(*) from regexp_matches(f.prosrc, $re$private\.fail\(\s*'[^']*'$re$, 'g')) $$,
  'every call names its code as a literal (so this scan sees it)');

select is_empty(
  $$ select name from our_functions where prosrc ~* 'raise\s+exception' and name <> 'private.fail' $$,
  'no function raises an exception except through private.fail');

select hasnt_function('private', 'billing_fail', 'billing raises through private.fail too');

-- every catalogued code is raised somewhere. Documented exceptions: foundation.pgmq_missing (the
-- bootstrap DO block, before the catalogue exists) and billing.no_payment_method (the payments-checkout
-- Edge Function; devstack/test/errors-catalogue.test.ts checks Edge Function codes are catalogued)
select is_empty(
  $$ select code from private.error_codes c
     where not exists (select from raised_codes r where r.code = c.code) and c.code not in ('foundation.pgmq_missing', 'billing.no_payment_method') $$,
  'every catalogued code is raised by some function');

select is_empty(
  $$ select code from private.error_codes
     where btrim(title_en) = '' or btrim(title_ar) = '' or title_ar !~ '[؀-ۿ]' or title_en ~ '[؀-ۿ]' $$,
  'every code has an English title and an Arabic title written in Arabic');

select is_empty(
  $$ select code, sqlstate, http_status from private.error_codes
     where http_status is distinct from case
       when sqlstate ~ '^PT[0-9]{3}$' then substr(sqlstate, 3)::int
       when sqlstate in ('22023', 'P0001') then 400
       when sqlstate = '42501' then 403
       when sqlstate = '58P01' then 500 end $$,
  'the HTTP status is the one PostgREST answers for the SQLSTATE');

select is_empty(
  $$ select code from private.error_codes c where split_part(c.code, '.', 1) not in
       ('auth', 'staff', 'tenant', 'impersonation', 'provisioning', 'audit', 'entitlements', 'plans', 'flags', 'jobs',
        'workflow', 'orders', 'order', 'billing', 'input', 'service', 'foundation', 'catalog', 'support', 'analytics') $$,
  'every code starts with a known capability');

-- the helper itself
create function pg_temp.caught(sql text) returns jsonb language plpgsql as $$
declare st text; msg text; det text; hin text;
begin
  execute sql;
  return null;
exception when others then
  get stacked diagnostics st = returned_sqlstate, msg = message_text, det = pg_exception_detail, hin = pg_exception_hint;
  return jsonb_build_object('sqlstate', st, 'message', msg, 'detail', det, 'hint', hin);
end $$;

select is(pg_temp.caught($$ select private.fail('tenant.not_found') $$),
  (select jsonb_build_object('sqlstate', 'PT404', 'message', title_en, 'detail', 'tenant.not_found', 'hint', hint_en)
   from private.error_codes where code = 'tenant.not_found'),
  'without a message the helper raises the catalogue''s SQLSTATE, English title, code and hint');

select is(pg_temp.caught($$ select private.fail('billing.invoice_not_open', 'invoice INV-1 is paid', 'nothing to do') $$),
  '{"sqlstate": "PT409", "message": "invoice INV-1 is paid", "detail": "billing.invoice_not_open", "hint": "nothing to do"}'::jsonb,
  'a given message and hint are kept');

select is(pg_temp.caught($$ select private.fail('nobody.knows', 'boom') $$) ->> 'sqlstate', 'XX000',
  'an uncatalogued code is a loud internal error, not a silent 400');

-- unchanged behaviour at the edges: codes, SQLSTATEs and messages callers already rely on
select is(pg_temp.caught($$ select private.assert_tenant_exists(null) $$),
  '{"sqlstate": "PT404", "message": "no such tenant", "detail": "tenant.not_found", "hint": "check the tenant id"}'::jsonb,
  'an inline raise kept its SQLSTATE, message, code and hint');

select is(pg_temp.caught($$ select private.raise_timeout('saving') $$),
  '{"sqlstate": "PT503", "message": "saving took too long and was cancelled", "detail": "service.timeout", "hint": "retry in a few seconds; if it keeps happening, send a smaller input"}'::jsonb,
  'a helper that raised inline now raises through the catalogue, same answer');

-- the catalogue is private: no API role reads it directly
select ok(not has_table_privilege('anon', 'private.error_codes', 'select')
          and not has_table_privilege('authenticated', 'private.error_codes', 'select'),
  'anon and authenticated cannot read private.error_codes');
select ok((select relrowsecurity from pg_class where oid = 'private.error_codes'::regclass), 'RLS is on');

select * from finish();
rollback;
