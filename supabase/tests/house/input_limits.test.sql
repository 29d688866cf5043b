-- Inputs have a size, and heavy calls cannot run away (issue 12 §4): oversized text and jsonb
-- inputs are refused early with 22023 and an input.* code; a maximum-size workflow validates; a
-- statement timeout inside a heavy workflow function answers PT503 service.timeout, not 500.
begin;
select plan(26);


-- A valid chain of n stages (start … terminal) with n - 1 transitions plus `extra` shortcuts to the end.
create function pg_temp.chain(n int, extra int default 0) returns jsonb language sql as $$
  select jsonb_build_object('stages',
    (select jsonb_agg(jsonb_build_object('code', 's' || g, 'name', jsonb_build_object('en', 'Stage ' || g, 'ar', 'مرحلة ' || g),
        'kind', case when g = 1 then 'start' when g = n then 'terminal' else 'normal' end, 'sla_minutes', 60) order by g)
     from generate_series(1, n) g),
    'transitions',
    (select jsonb_agg(jsonb_build_object('from', 's' || g, 'to', 's' || (g + 1), 'roles', '["owner","operator"]'::jsonb,
        'guards', '["requires_note"]'::jsonb) order by g) from generate_series(1, n - 1) g)
    || coalesce((select jsonb_agg(jsonb_build_object('from', 's' || (1 + (g - 1) / 10), 'to', 's' || (3 + (g - 1) / 10 + (g - 1) % 10),
                  'roles', '["owner"]'::jsonb, 'label', jsonb_build_object('en', 'Shortcut ' || g)) order by g)
                 from generate_series(1, extra) g), '[]'))
$$;

select tests.create_staff('tech@limits.test', 'tech_admin') as tech \gset
select tests.create_staff('biz@limits.test', 'biz_admin') as biz \gset
select tests.create_tenant('limits-a') as a \gset
select private.provision_tenant(:'a');
select tests.create_user('owner@limits-a.test') as owner \gset
select tests.add_member(:'a', :'owner', 'owner');
select id as tpl from public.workflow_templates where code = 'wash_iron' \gset

-- ── workflow definitions ────────────────────────────────────────────────────────────────────
select is(tests.error_of(:'tech', 'aal2', format('select public.validate_workflow(%L)', pg_temp.chain(201))),
  '22023 input.too_many', 'more than 200 stages are refused before any validation');
select is(tests.error_of(:'tech', 'aal2', format('select public.validate_workflow(%L)', pg_temp.chain(150, 1900))),
  '22023 input.too_many', 'more than 2000 transitions are refused');
select is(tests.error_of(:'tech', 'aal2', format('select public.validate_workflow(%L)',
          jsonb_set(pg_temp.chain(3), '{stages,0,name,en}', to_jsonb(repeat('x', 300000))))),
  '22023 input.too_large', 'a definition over 256 KB is refused');
select is(tests.error_of(:'tech', 'aal2', format('select public.validate_workflow(%L)',
          jsonb_set(pg_temp.chain(3), '{transitions,0,guards}', (select jsonb_agg('requires_note'::text) from generate_series(1, 11))))),
  '22023 input.too_many', 'a transition with more than 10 guards is refused');
select is(tests.error_of(:'tech', 'aal2', format('select public.validate_workflow(%L)', pg_temp.chain(200, 1800))), 'ok',
  'a definition at the limits is validated');
select tests.authenticate_as(:'tech', 'aal2');
select is(jsonb_array_length(public.validate_workflow(pg_temp.chain(200, 1800))), 0, 'and found valid');
select tests.clear_authentication();
select is(tests.error_of(:'tech', 'aal2', format('select public.save_workflow_draft(%L, %L)', :'tpl', pg_temp.chain(201))),
  '22023 input.too_many', 'a draft has the same limits');
select is(tests.error_of(:'tech', 'aal2', format('select public.create_workflow_template(%L, %L, %L, %L)', 'big_one', 'big_one',
          jsonb_build_object('en', repeat('n', 201)), pg_temp.chain(3))),
  '22023 input.too_long', 'a template name is at most 200 characters per language');
select is(tests.error_of(:'tech', 'aal2', format('select public.publish_workflow_template(%L, %L)', :'tpl', repeat('n', 2001))),
  '22023 input.too_long', 'a publish note is at most 2000 characters');
select is(tests.error_of(:'owner', 'aal1', format('select public.validate_workflow(%L)', pg_temp.chain(201))),
  'PT403 auth.not_staff', 'the caller''s right comes before the size check');

-- ── override patches ────────────────────────────────────────────────────────────────────────
select is(tests.error_of(:'owner', 'aal1', format('select public.set_tenant_workflow_override(%L, %L, %L)', :'a', :'tpl',
          jsonb_build_object('add_stages', (select jsonb_agg(jsonb_build_object('code', 'x' || g, 'name', '{"en":"X"}'::jsonb))
                                            from generate_series(1, 201) g)))),
  '22023 input.too_many', 'a patch adds at most 200 stages');
select is(tests.error_of(:'owner', 'aal1', format('select public.set_tenant_workflow_override(%L, %L, %L)', :'a', :'tpl',
          jsonb_build_object('disable', (select jsonb_agg('x' || g) from generate_series(1, 51) g)))),
  '22023 input.too_many', 'a patch disables at most 50 stages');
select is(tests.error_of(:'owner', 'aal1', format('select public.set_tenant_workflow_override(%L, %L, %L)', :'a', :'tpl',
          jsonb_build_object('rename', jsonb_build_object('intake', jsonb_build_object('en', repeat('r', 70000)))))),
  '22023 input.too_large', 'a patch is at most 64 KB');

-- ── reasons ─────────────────────────────────────────────────────────────────────────────────
select tests.create_tenant('limits-b', 'active') as b \gset
select is(tests.error_of(:'biz', 'aal2', format('select public.suspend_tenant(%L, %L)', :'b', repeat('r', 1001))),
  '22023 input.too_long', 'a lifecycle reason is at most 1000 characters');
select is(tests.error_of(:'biz', 'aal2', format('select public.enter_tenant_grace(%L, %L)', :'b', repeat('r', 1000))), 'ok',
  'a reason at the limit is accepted');

select tests.create_staff('super@limits.test', 'super_admin') as super \gset
select is(tests.error_of(:'super', 'aal2', format('select public.grant_feature(%L, %L, %L)', :'b', 'module.workflow', repeat('r', 1001))),
  '22023 input.too_long', 'an entitlement override''s reason is at most 1000 characters');
select is(tests.error_of(:'super', 'aal2', format('select public.grant_feature(%L, %L, %L, %L)', :'b', 'module.workflow', 'support ticket',
          jsonb_build_object('x', repeat('v', 70000)))),
  '22023 input.too_large', 'and its value at most 64 KB');
select is(tests.error_of(:'super', 'aal2', format('select public.start_impersonation(%L, %L, %L)', :'b', 'read_only', repeat('r', 1001))),
  '22023 input.too_long', 'an impersonation reason is at most 1000 characters');
select is(tests.error_of(:'super', 'aal2', format('select public.save_flag(%L, %L, %L)', 'big_flag', jsonb_build_object('description', repeat('d', 70000)), 'why')),
  '22023 input.too_large', 'a flag definition is at most 64 KB');

-- ── a timeout inside a heavy function is 503 with a retry hint ─────────────────────────────
-- Another session holds what the function must wait for; the statement timeout fires inside it.
select dblink_connect('limits_lock', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select dblink_exec('limits_lock', 'begin');
select * from dblink('limits_lock', format('select count(*)::int from (select from public.workflow_templates where id = %L for no key update) l', :'tpl')) as l(n int);
select tests.authenticate_as(:'tech', 'aal2');
set local statement_timeout = '300ms';
select throws_ok(format('select public.save_workflow_draft(%L, %L)', :'tpl', pg_temp.chain(3)), 'PT503',
  'saving the draft took too long and was cancelled', 'a timed-out draft save answers 503 (PT503), not 500');
reset statement_timeout;
select tests.clear_authentication();
set local statement_timeout = '300ms';
select is(tests.error_of(:'tech', 'aal2', format('select public.save_workflow_draft(%L, %L)', :'tpl', pg_temp.chain(3))),
  'PT503 service.timeout', 'with the stable code service.timeout');
reset statement_timeout;
select dblink_exec('limits_lock', 'rollback');
-- the override serialises on an advisory lock per tenant and template (the seeded Al Noor and its
-- owner: rows this transaction has not touched, so only the other session holds the lock)
\set alnoor '10000000-0000-4000-a000-000000000001'
\set alnoor_owner '20000000-0000-4000-a000-000000000001'
select * from dblink('limits_lock', format('select pg_advisory_lock(hashtextextended(%L, 0))::text', :'alnoor' || :'tpl')) as l(x text);
select tests.authenticate_as(:'alnoor_owner');
set local statement_timeout = '300ms';
select throws_ok(format($$select public.set_tenant_workflow_override(%L, %L, '{}')$$, :'alnoor', :'tpl'), 'PT503',
  'saving the workflow override took too long and was cancelled', 'a timed-out override answers 503 too');
reset statement_timeout;
select tests.clear_authentication();
select * from dblink('limits_lock', format('select pg_advisory_unlock(hashtextextended(%L, 0))::text', :'alnoor' || :'tpl')) as l(x text);
select dblink_disconnect('limits_lock');
select is(tests.error_of(:'alnoor_owner', 'aal1', format($$select public.set_tenant_workflow_override(%L, %L, '{}')$$, :'alnoor', :'tpl')), 'ok',
  'without the lock held the same override goes through');
select is(tests.error_of(null, null, $$select private.raise_timeout('x')$$), 'PT503 service.timeout', 'the helper raises PT503 service.timeout');

-- ── one heavy call at a time per caller: the next answers 503 service.busy at once ───────────
-- (fresh staff: a heavy call holds its slot until the transaction ends, and this test is one transaction)
select tests.create_staff('tech2@limits.test', 'tech_admin') as tech2 \gset
select tests.create_staff('tech3@limits.test', 'tech_admin') as tech3 \gset
select dblink_connect('limits_busy', 'dbname=postgres user=postgres host=127.0.0.1 password=postgres port=' || current_setting('port'));
select * from dblink('limits_busy', format('select pg_advisory_lock(hashtext(%L), hashtext(%L))::text', 'cmx.heavy.caller.1', :'tech3')) as l(x text);
select is(tests.error_of(:'tech3', 'aal2', format('select public.validate_workflow(%L)', pg_temp.chain(3))), 'PT503 service.busy',
  'while a caller''s heavy call runs, their next one is refused at once (503), not queued');
select is(tests.error_of(:'tech2', 'aal2', format('select public.validate_workflow(%L)', pg_temp.chain(3))), 'ok',
  'another caller is not held up');
select dblink_disconnect('limits_busy');

select * from finish();
rollback;
