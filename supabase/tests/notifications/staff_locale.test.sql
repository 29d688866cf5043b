-- Staff choose the language of their messages: public.set_staff_locale (their own, or anyone's with
-- staff.manage; audited); private.notify writes staff messages in it (Arabic until changed; a
-- caller's explicit variables.locale still wins).
begin;
select plan(9);

select tests.create_staff('tech@sl.test', 'tech_admin') as tech \gset
select tests.create_staff('root@sl.test', 'super_admin') as root \gset
select tests.create_staff('agent@sl.test', 'support') as agent \gset

select private.notify('staff.locked_out', null, 'before', '{"failures": "5", "lock_minutes": "15"}', :'tech');
select is((select locale from public.notification_outbox where event_key = 'before'), 'ar', 'by default a staff member''s messages are in Arabic');

select is(tests.error_of(:'tech', 'aal2', format($$ select public.set_staff_locale(%L, 'en') $$, :'tech')), 'ok', 'a staff member sets their own language');
select private.notify('staff.locked_out', null, 'after', '{"failures": "5", "lock_minutes": "15"}', :'tech');
select results_eq($$ select locale, subject from public.notification_outbox where event_key = 'after' $$,
  $$ values ('en'::text, 'Your CleanMateX HQ account is locked'::text) $$, 'their next message is in English, from the English template');
select private.notify('staff.locked_out', null, 'explicit', '{"failures": "5", "lock_minutes": "15", "locale": "ar"}', :'tech');
select is((select locale from public.notification_outbox where event_key = 'explicit'), 'ar', 'a caller''s explicit locale still wins');

select is(tests.error_of(:'agent', 'aal2', format($$ select public.set_staff_locale(%L, 'en') $$, :'tech')),
  'PT403 auth.permission_denied', 'someone else''s language needs staff.manage');
select is(tests.error_of(:'tech', 'aal1', format($$ select public.set_staff_locale(%L, 'ar') $$, :'tech')),
  'PT403 auth.mfa_required', 'outside an aal2 session: refused as every HQ change');
select is(tests.error_of(:'root', 'aal2', format($$ select public.set_staff_locale(%L, 'fr') $$, :'agent')),
  '22023 notifications.invalid_locale', 'only ar or en');
select is(tests.error_of(:'root', 'aal2', format($$ select public.set_staff_locale(%L, 'en') $$, :'agent')), 'ok', 'staff.manage sets anyone''s');
select results_eq($$ select entity_id, after from audit.log where action = 'staff.locale' order by id $$,
  format($$ values (%L, '{"locale": "en"}'::jsonb), (%L, '{"locale": "en"}'::jsonb) $$, :'tech', :'agent'), 'each change is audited');

select * from finish();
rollback;
