-- No state oracles (issue 12 §2): every exposed function checks the caller's right before it reads,
-- locks or validates its target, so a caller without the right gets the same answer whether the
-- target exists or not, and whatever its state.
--
-- The functions are enumerated from the catalog (every function in `public` that `authenticated`
-- may execute and that takes a uuid). Each is called by a tenant user (owner of another tenant)
-- and by an aal1 staff member (a super admin without MFA): once with random uuids, and once per
-- real id (a tenant in every lifecycle status, other tenants' orders, invoices, ...). The answers
-- must be identical. While the calls run, another session holds a row lock on every seeded target:
-- a function that locks before it checks the caller fails with 55P03 instead of refusing.
begin;
select plan(4);

-- ── who calls ───────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('oracle-home') as home \gset
select tests.create_user('owner@oracle-home.test') as tenant_user \gset
select tests.add_member(:'home', :'tenant_user', 'owner');
select tests.create_staff('aal1@hq.test', 'super_admin') as staff_aal1 \gset
create temp table oracle_persona (name text primary key, user_id uuid, aal text);
insert into oracle_persona values ('tenant_user', :'tenant_user', 'aal1'), ('staff_aal1', :'staff_aal1', 'aal1');

-- ── real targets, by argument name ─────────────────────────────────────────────────────────
-- A tenant in every lifecycle status (the seed's plus the ones it lacks), never the caller's own.
select count(tests.create_tenant('oracle-' || s, s)) as extra_tenants from unnest(array['approved', 'frozen', 'archived', 'churned']) s;
insert into public.payment_methods (tenant_id, gateway, customer_ref, method_ref, brand, last4, exp_month, exp_year)
values ('10000000-0000-4000-a000-000000000001', 'stripe', 'cus_oracle', 'pm_oracle', 'visa', '4242', 12, 2030);
-- platform (issue 17): a maintenance window already switched off (a running one would pause the writes probed here), an announcement
insert into public.maintenance_windows (starts_at, ends_at, ended_at, message, reason)
values ('2026-01-01', '2026-01-02', '2026-01-01 12:00', '{"en": "oracle", "ar": "أوراكل"}', 'oracle');
insert into public.platform_announcements (title, body, starts_at) values ('{"en": "o", "ar": "و"}', '{"en": "o", "ar": "و"}', '2026-01-01');
-- A message of each kind the outbox holds (queued, and suppressed: the welcome of a tenant without a phone).
select private.notify('tenant.welcome', '10000000-0000-4000-a000-000000000002', 'oracle', '{}');
insert into public.webhook_endpoints (tenant_id, url, event_types) values ('10000000-0000-4000-a000-000000000001', 'https://oracle.example.com', '{*}');
insert into public.api_keys (tenant_id, name, key_prefix, key_hash, scopes)
values ('10000000-0000-4000-a000-000000000001', 'oracle', 'cmx_live_oracle00', '\x00', '{orders:read}');
create temp table oracle_real (arg text, id uuid, label text);
insert into oracle_real
select 'tenant', t.id, 'tenant ' || t.status from (select distinct on (status) id, status from public.tenants
                                                     where id <> :'home' order by status, created_at) t
union all select 'template', t.id, 'template ' || t.code from public.workflow_templates t
union all select 'order_id', o.id, 'order in ' || o.current_stage from (select distinct on (current_stage) id, current_stage
                                                                        from public.orders order by current_stage, id) o
union all select 'invoice_id', i.id, 'invoice ' || i.status from (select distinct on (status) id, status from public.invoices order by status, id) i
union all select 'subscription_id', s.id, 'subscription ' || s.status from (select distinct on (status) id, status
                                                                            from public.subscriptions order by status, id) s
union all select 'coupon_id', (select id from public.coupons order by id limit 1), 'coupon'
union all select 'user_id', s.user_id, 'staff ' || s.role_code from public.platform_staff s where s.user_id <> :'staff_aal1'
union all select 'case_id', (select id from public.dunning_cases order by id limit 1), 'dunning case'
union all select 'override_id', (select id from public.entitlement_overrides order by id limit 1), 'entitlement override'
union all select 'method_id', (select id from public.payment_methods where method_ref = 'pm_oracle'), 'payment method'
union all select 'payment_id', (select id from public.payments order by id limit 1), 'payment'
union all select 'window_id', (select id from public.maintenance_windows order by id limit 1), 'maintenance window (over)'
union all select 'announcement_id', (select id from public.platform_announcements order by id limit 1), 'announcement'
union all select 'p_outbox_id', o.id, 'notification ' || o.status from (select distinct on (status) id, status from public.notification_outbox
                                                                       order by status, id) o
union all select 'endpoint_id', (select id from public.webhook_endpoints order by created_at limit 1), 'webhook endpoint'
union all select 'p_endpoint_id', (select id from public.webhook_endpoints order by created_at limit 1), 'webhook endpoint'
union all select 'key_id', (select id from public.api_keys order by created_at limit 1), 'api key'
union all select 'entry_id', (select id from public.api_changelog_entries order by published_on limit 1), 'api changelog entry';

-- The argument names that denote the same kind of target.
create temp table oracle_arg_kind (arg_name text primary key, kind text);
insert into oracle_arg_kind values ('tenant_id', 'tenant'), ('for_tenant', 'tenant'), ('template_id', 'template'),
  ('for_template', 'template'), ('requester_id', 'user_id'), ('assignee_id', 'user_id'), ('staff_id', 'user_id');

create temp view oracle_uuid_args as
select f.fn, f.proname, f.arg_names, f.arg_types, a.pos, a.arg_name, coalesce(k.kind, a.arg_name) as kind
from tests.exposed_functions() f,
     lateral unnest(f.arg_names, f.arg_types) with ordinality a(arg_name, arg_type, pos)
     left join oracle_arg_kind k on k.arg_name = a.arg_name
where a.arg_type = 'uuid';

select cmp_ok((select count(distinct fn) from oracle_uuid_args), '>=', 50::bigint,
  'the catalog walk finds the exposed functions that take an id');
select is_empty($$ select distinct proname || '(' || arg_name || ')' from oracle_uuid_args u
                   where not exists (select from oracle_real r where r.arg = u.kind and r.id is not null) $$,
  'every id argument of an exposed function has real targets to probe with');

-- ── hold every seeded target locked from another session ───────────────────────────────────
select dblink_connect('oracle_locks', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_exec('oracle_locks', 'begin');
select sum(n) > 0 as locked from (
  select (select n from dblink('oracle_locks', format('select count(*)::int from (select from public.%I where %I = any (%L::uuid[]) for no key update) l',
                                                      t, c, (select array_agg(id) from oracle_real))) as d(n int)) as n
  from (values ('tenants', 'id'), ('workflow_templates', 'id'), ('orders', 'id'), ('invoices', 'id'), ('subscriptions', 'id'),
             ('coupons', 'id'), ('platform_staff', 'user_id'), ('dunning_cases', 'id'), ('entitlement_overrides', 'id'),
             ('payments', 'id'), ('api_changelog_entries', 'id')) x(t, c)) locks;
set local lock_timeout = '500ms';

-- ── the calls ───────────────────────────────────────────────────────────────────────────────
-- One row per (persona, function, id argument, real target): the answer to random ids, and the
-- answer when that argument is the real target (other id arguments take their first real target).
create temp table oracle_answer (persona text, proname text, fn text, arg_name text, target text,
                                 random_answer text, real_answer text);
-- The calls themselves: tests.oracle_probe in devstack/sql/test/40_oracles.sql.
select tests.oracle_probe('tenant_user');
select tests.oracle_probe('staff_aal1');
select dblink_exec('oracle_locks', 'rollback');
select dblink_disconnect('oracle_locks');

select is_empty($$ select persona, fn, arg_name, target, random_answer, real_answer from oracle_answer
                   where random_answer is distinct from real_answer
                   order by 1, 2, 3, 4 $$,
  'a tenant user and an aal1 staff member get the same answer for a random id and for any real target');
select cmp_ok((select count(*) from oracle_answer), '>=', 200::bigint, 'the probe made the calls it should');

select * from finish();
rollback;
