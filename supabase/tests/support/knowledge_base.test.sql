-- Knowledge base: drafts are invisible to tenants until published; search works in English
-- (stemmed) and Arabic; canned replies answer in the tenant's language.
begin;
select plan(10);

create function tests.support_error(q text) returns text language plpgsql as $$
begin
  execute q;
  return 'no error';
exception when others then
  declare d text; begin get stacked diagnostics d = pg_exception_detail; return sqlstate || ' ' || d; end;
end $$;

select tests.create_tenant('al-noor') as t \gset
select tests.create_user('owner@al-noor.test') as owner \gset
select tests.add_member(:'t', :'owner', 'owner');
select tests.create_staff('agent@hq.test', 'support') as agent \gset

select tests.authenticate_as(:'agent', 'aal2');
select public.save_kb_draft('printer-blank-receipts',
  '{"en": "Receipts print blank", "ar": "الإيصالات تطبع فارغة"}',
  '{"en": "Blank receipts usually mean the thermal paper is loaded upside down. Turn the roll over.",
    "ar": "الإيصالات الفارغة تعني عادة أن ورق الطباعة الحرارية مقلوب. اقلب اللفافة."}', 'technical');
select is(tests.support_error($$ select public.save_kb_draft('x-only-english', '{"en": "Title"}', '{"en": "Body", "ar": "نص"}') $$),
  '22023 support.invalid_text', 'an article needs both languages');

select tests.authenticate_as(:'owner', 'aal1');
select is((select count(*) from public.search_kb('receipts')), 0::bigint, 'a draft is not searchable');
select is((select count(*) from public.support_kb_articles where published_at is null), 0::bigint, 'nor visible to tenants');

select tests.authenticate_as(:'agent', 'aal2');
select is(public.publish_kb_article('printer-blank-receipts'), 1, 'publishing makes version 1');

select tests.authenticate_as(:'owner', 'aal1');
select is((select slug from public.search_kb('printing receipt')), 'printer-blank-receipts', 'English search is stemmed (printing → print)');
select is((select slug from public.search_kb('الإيصالات')), 'printer-blank-receipts', 'Arabic search finds the Arabic text');
select is((select count(*) from public.support_kb_drafts), 0::bigint, 'tenants never read drafts');
select is(tests.support_error($$ select public.save_kb_draft('hack', '{"en": "a", "ar": "b"}', '{"en": "a", "ar": "b"}') $$),
  'PT403 auth.not_staff', 'tenants cannot write articles');

-- macros: the reply goes out in the tenant's language (Arabic by default) and sets the status
select public.open_support_ticket(:'t', 'Receipts', 'Blank receipts again') as k \gset
select tests.authenticate_as(:'agent', 'aal2');
select public.save_support_macro('flip_paper', '{"en": "Flip the paper", "ar": "اقلب الورق"}',
  '{"en": "Please turn the paper roll over and tell us if it works.", "ar": "يرجى قلب لفافة الورق وإخبارنا إن نجح ذلك."}', 'pending_customer');
select public.apply_support_macro(:'k', 'flip_paper');
select results_eq(format($$ select (select body from public.support_messages where ticket_id = %s order by id desc limit 1), status
                            from public.support_tickets where id = %s $$, :'k', :'k'),
  $$ values ('يرجى قلب لفافة الورق وإخبارنا إن نجح ذلك.'::text, 'pending_customer'::text) $$,
  'the macro answers in Arabic and waits on the customer');
select is(tests.support_error(format($$ select public.apply_support_macro(%s, 'nope') $$, :'k')), 'PT404 support.unknown_macro',
  'an unknown macro');
select tests.clear_authentication();

select * from finish();
rollback;
