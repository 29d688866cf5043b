-- Impersonation (C12): short-lived, read-only or full, reason required, audited, enforced by RLS.
begin;
select plan(24);

select tests.create_staff('help@hq.test', 'support') as help \gset
select tests.create_staff('root@hq.test', 'super_admin') as root \gset
select tests.create_staff('audit@hq.test', 'auditor') as auditor \gset
select tests.create_tenant('al-noor') as t \gset
select tests.create_tenant('other-shop') as other \gset
select tests.create_tenant('draft-shop', 'draft') as draft \gset
select private.provision_tenant(:'t');
select private.provision_tenant(:'other');

-- Without impersonation, support sees the tenant but cannot touch its own settings
select tests.authenticate_as(:'help', 'aal2');
select is((select count(*) from public.tenant_settings where tenant_id = :'t'), 1::bigint, 'support reads tenant settings (tenants.read)');
select throws_ok(format($$ update public.tenant_settings set settings = settings || '{"x":1}' where tenant_id = %L $$, :'t'),
  '42501', null, 'support cannot write a tenant''s settings');

-- Validation
select throws_ok(format($$ select public.start_impersonation(%L, 'read_only', 'hi') $$, :'t'), '22023',
  'a reason of at least 5 characters is required', 'a reason is required');
select throws_ok(format($$ select public.start_impersonation(%L, 'read_only', 'ticket 42: check settings', 31) $$, :'t'), '22023',
  'impersonation lasts 1 to 30 minutes, not 31', 'at most 30 minutes');
select throws_ok(format($$ select public.start_impersonation(%L, 'sudo', 'ticket 42: check settings') $$, :'t'), '22023',
  'unknown impersonation mode ''sudo''', 'mode is read_only or full');
select throws_ok(format($$ select public.start_impersonation(%L, 'full', 'ticket 42: fix settings') $$, :'t'), 'PT403',
  'your role may not do this (needs impersonate.full)', 'support may not impersonate with write access');
select throws_ok(format($$ select public.start_impersonation(%L, 'read_only', 'ticket 42: check settings') $$, :'draft'), 'PT409',
  'a draft tenant cannot be impersonated', 'a draft tenant cannot be impersonated');
select tests.authenticate_as(:'help', 'aal1');
select throws_ok(format($$ select public.start_impersonation(%L, 'read_only', 'ticket 42: check settings') $$, :'t'), 'PT403',
  'HQ requires a multi-factor (aal2) session', 'impersonation needs an MFA session');
select tests.authenticate_as(:'auditor', 'aal2');
select throws_ok(format($$ select public.start_impersonation(%L, 'read_only', 'ticket 42: check settings') $$, :'t'), 'PT403',
  null, 'an auditor may not impersonate');

-- Read-only: reads pass, writes are refused by the database
select tests.authenticate_as(:'help', 'aal2');
select public.start_impersonation(:'t', 'read_only', 'ticket 42: check settings', 10) ->> 'id' as imp \gset
select is((public.my_active_impersonation() ->> 'mode'), 'read_only', 'the active impersonation is reported for the banner');
select ok(:'t'::uuid in (select private.impersonated_tenant_ids(false)), 'the impersonated tenant is reachable');
select throws_ok(format($$ update public.tenant_settings set settings = settings || '{"x":1}' where tenant_id = %L $$, :'t'),
  '42501', null, 'a write under read-only impersonation is refused');

-- Full (super_admin): writes pass and are audited with the impersonation id
select tests.authenticate_as(:'root', 'aal2');
select public.start_impersonation(:'t', 'full', 'ticket 43: fix receipt footer', 5) ->> 'id' as full_imp \gset
update public.tenant_settings set settings = settings || '{"receipt_footer":{"en":"Thanks","ar":"شكراً"}}' where tenant_id = :'t';
select tests.clear_authentication();
select is((select impersonation_id::text from audit.log where action = 'tenant_settings.update' and entity_id = :'t'), :'full_imp',
  'the write under impersonation is audited with its id');
select is((select actor_id::text from audit.log where action = 'tenant_settings.update' and entity_id = :'t'), :'root',
  'and with the staff member as actor');
select tests.authenticate_as(:'root', 'aal2');
select ok(not (:'other'::uuid in (select private.impersonated_tenant_ids(true))), 'impersonation reaches only its tenant');
select throws_ok(format($$ update public.tenant_settings set settings = settings || '{"x":1}' where tenant_id = %L $$, :'other'),
  '42501', null, 'even a super admin cannot write another tenant''s settings');

-- Starting a new one replaces the old; ending stops access at once
select public.start_impersonation(:'other', 'read_only', 'ticket 44: look around') ->> 'id' as next_imp \gset
select is((select end_reason from public.impersonations where id = :'full_imp'), 'replaced', 'a new impersonation replaces the current one');
select ok(public.end_impersonation(), 'end_impersonation ends it');
select is((select count(*) from private.impersonated_tenant_ids(false)), 0::bigint, 'access stops immediately');
select is(public.my_active_impersonation(), null, 'and the banner disappears');

-- Expiry stops access without anyone ending it
select tests.clear_authentication();
select tests.authenticate_as(:'help', 'aal2');
select ok(:'t'::uuid in (select private.impersonated_tenant_ids(false)), 'support''s read-only grant is still active');
select tests.clear_authentication();
alter table public.impersonations drop constraint impersonations_check;
update public.impersonations set started_at = now() - interval '20 minutes', expires_at = now() - interval '1 second' where id = :'imp';
select tests.authenticate_as(:'help', 'aal2');
select is((select count(*) from private.impersonated_tenant_ids(false)), 0::bigint, 'an expired grant gives no access');
select tests.clear_authentication();
select is(private.close_expired_impersonations(), 1, 'housekeeping closes the expired grant');

select is((select count(*) from audit.log where action in ('impersonation.start', 'impersonation.end')), 5::bigint,
  'every start and end is audited');

select * from finish();
rollback;
