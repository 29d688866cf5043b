-- Support admin: SLA targets per plan and priority (new tickets take them), and unpublishing a
-- knowledge-base article (tenants no longer read it; the text goes back to the draft).
begin;
select plan(8);

select tests.create_tenant('al-noor') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('lead@hq.test', 'support') as lead \gset
select tests.create_staff('aud@hq.test', 'auditor') as aud \gset

select tests.authenticate_as(:'aud', 'aal2');
select throws_ok($$ select public.save_support_sla_target('*', 'urgent', 30, 240) $$, 'PT403', null, 'support.read alone cannot set targets');
select throws_ok($$ select public.unpublish_kb_article('nothing') $$, 'PT403', null, 'nor unpublish (refused before the lookup)');

select tests.authenticate_as(:'lead', 'aal2');
select is(tests.error_of($$ select public.save_support_sla_target('*', 'urgent', 300, 240) $$), '22023 support.invalid_sla_target',
  'resolution before the first response is refused');
select is(tests.error_of($$ select public.save_support_sla_target('no-such-plan', 'urgent', 30, 240) $$), '22023 support.invalid_sla_target',
  'an unknown plan is refused');
select public.save_support_sla_target('*', 'urgent', 30, 240);
select tests.freeze_time('2026-12-06 10:00 Asia/Muscat');
select public.open_support_ticket(:'t', 'Down', 'All tills down', 'technical', 'urgent') as k \gset
select is((select first_response_due_at from public.support_tickets where id = :'k'), '2026-12-06 10:30 Asia/Muscat'::timestamptz,
  'a new ticket takes the new target (30 business minutes)');

select public.save_kb_draft('printer-blank', '{"en": "Blank receipts", "ar": "إيصالات فارغة"}', '{"en": "Check paper", "ar": "تحقق من الورق"}');
select public.publish_kb_article('printer-blank');
select public.unpublish_kb_article('printer-blank');
select results_eq($$ select a.published_at, d.title ->> 'ar' from public.support_kb_articles a
                     join public.support_kb_drafts d on d.article_id = a.id where a.slug = 'printer-blank' $$,
  $$ values (null::timestamptz, 'إيصالات فارغة') $$, 'unpublished: offline, its text back in the draft');
select is(tests.error_of($$ select public.unpublish_kb_article('printer-blank') $$), 'PT404 support.unknown_article', 'twice: nothing published');

select tests.authenticate_as(:'owner', 'aal1');
select is((select count(*)::int from public.support_kb_articles where slug = 'printer-blank'), 0, 'tenants no longer see it');
select tests.clear_authentication();

select * from finish();
rollback;
