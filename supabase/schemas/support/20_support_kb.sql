-- Checks a bilingual {"en", "ar"} text: both languages present, non-empty, at most max_len.
create function private.support_assert_bilingual(value jsonb, max_len integer, what text) returns void
    language plpgsql immutable
    set search_path to ''
    as $$
begin
  if value is null or jsonb_typeof(value) <> 'object'
     or jsonb_typeof(value -> 'en') is distinct from 'string' or jsonb_typeof(value -> 'ar') is distinct from 'string'
     or btrim(value ->> 'en') = '' or btrim(value ->> 'ar') = ''
     or length(value ->> 'en') > max_len or length(value ->> 'ar') > max_len
     or exists (select from jsonb_object_keys(value) k where k not in ('en', 'ar')) then
    perform private.fail('support.invalid_text', format('%s is {"en": …, "ar": …}, each 1–%s characters', what, max_len));
  end if;
end
$$;

revoke all on function private.support_assert_bilingual(jsonb, integer, text) from public, anon, authenticated, service_role;

-- Saves a knowledge-base draft (support.write), creating the article on first save.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.save_kb_draft, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.save_kb_draft(slug text, title jsonb, body jsonb, category text default 'general') returns bigint
    language sql
    set search_path to ''
    as $$ select private.save_kb_draft(slug, title, body, category) $$;

create function private.save_kb_draft(slug text, title jsonb, body jsonb, category text default 'general') returns bigint
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  a public.support_kb_articles;
begin
  perform private.assert_permission('support.write');
  perform private.support_assert_bilingual(title, 200, 'the title');
  perform private.support_assert_bilingual(body, 50000, 'the body');
  if slug is null or slug !~ '^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$' or category is null or category !~ '^[a-z][a-z0-9_]{1,39}$' then
    perform private.fail('support.invalid_article', 'the slug is lower-case words joined by - and the category a code');
  end if;
  insert into public.support_kb_articles as x (slug, category) values (slug, category)
  on conflict on constraint support_kb_articles_slug_key do update set category = excluded.category
  returning * into a;
  insert into public.support_kb_drafts as d (article_id, title, body, updated_by) values (a.id, title, body, auth.uid())
  on conflict on constraint support_kb_drafts_pkey do update set title = excluded.title, body = excluded.body,
    updated_at = now(), updated_by = excluded.updated_by;
  perform audit.record('support.article_draft', 'support_article', slug, null, jsonb_build_object('category', category), null, null);
  return a.id;
end
$$;

revoke all on function public.save_kb_draft(text, jsonb, jsonb, text) from public, anon, authenticated, service_role;
grant execute on function public.save_kb_draft(text, jsonb, jsonb, text) to authenticated, service_role;
comment on function public.save_kb_draft(text, jsonb, jsonb, text) is
  'Saves a bilingual knowledge-base draft (support.write); tenants see nothing until it is published.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.save_kb_draft(text, jsonb, jsonb, text) from public, anon, authenticated, service_role;
grant execute on function private.save_kb_draft(text, jsonb, jsonb, text) to authenticated, service_role;

-- Publishes an article's draft (support.write): its text becomes what tenants read and search.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.publish_kb_article, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.publish_kb_article(slug text) returns integer
    language sql
    set search_path to ''
    as $$ select private.publish_kb_article(slug) $$;

create function private.publish_kb_article(slug text) returns integer
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  a public.support_kb_articles;
  d public.support_kb_drafts;
begin
  perform private.assert_permission('support.write');
  select * into a from public.support_kb_articles x where x.slug = publish_kb_article.slug for update;
  select * into d from public.support_kb_drafts x where x.article_id = a.id;
  if d.article_id is null then
    perform private.fail('support.unknown_article', 'no draft to publish');
  end if;
  update public.support_kb_articles x set title = d.title, body = d.body, version = x.version + 1, published_at = private.now()
  where x.id = a.id;
  delete from public.support_kb_drafts x where x.article_id = a.id;
  perform audit.record('support.article_publish', 'support_article', slug, jsonb_build_object('version', a.version),
    jsonb_build_object('version', a.version + 1), null, null);
  return a.version + 1;
end
$$;

revoke all on function public.publish_kb_article(text) from public, anon, authenticated, service_role;
grant execute on function public.publish_kb_article(text) to authenticated, service_role;
comment on function public.publish_kb_article(text) is 'Publishes a knowledge-base article''s draft as its next version (support.write).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.publish_kb_article(text) from public, anon, authenticated, service_role;
grant execute on function private.publish_kb_article(text) to authenticated, service_role;

-- Full-text search of published articles in English and Arabic (any signed-in user): the query is
-- read with websearch syntax in both configurations; the better rank of the two orders the results.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.search_kb, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.search_kb(query text, max_results integer default 10)
    returns table (id bigint, slug text, title jsonb, rank real)
    language sql stable
    set search_path to ''
    as $$ select * from private.search_kb(query, max_results) $$;

create function private.search_kb(query text, max_results integer default 10)
    returns table (id bigint, slug text, title jsonb, rank real)
    language plpgsql stable security definer
    set search_path to ''
    as $$
declare
  q_en tsquery;
  q_ar tsquery;
begin
  if auth.uid() is null and not private.is_trusted_caller() then
    perform private.fail('auth.not_signed_in', 'sign in first');
  end if;
  if query is null or btrim(query) = '' or length(query) > 200 then
    perform private.fail('support.invalid_search', 'a search is 1–200 characters');
  end if;
  q_en := websearch_to_tsquery('english'::regconfig, query);
  q_ar := websearch_to_tsquery('arabic'::regconfig, query);
  return query
    select a.id, a.slug, a.title, greatest(ts_rank(a.search_en, q_en), ts_rank(a.search_ar, q_ar)) as rank
    from public.support_kb_articles a
    where a.published_at is not null and (a.search_en @@ q_en or a.search_ar @@ q_ar)
    order by 4 desc, a.id
    limit least(greatest(coalesce(max_results, 10), 1), 50);
end
$$;

revoke all on function public.search_kb(text, integer) from public, anon, authenticated, service_role;
grant execute on function public.search_kb(text, integer) to authenticated, service_role;
comment on function public.search_kb(text, integer) is
  'Searches published knowledge-base articles in English and Arabic (PostgreSQL english and arabic text search); at most 50 results.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.search_kb(text, integer) from public, anon, authenticated, service_role;
grant execute on function private.search_kb(text, integer) to authenticated, service_role;

-- Saves a canned reply (support.write).
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.save_support_macro, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.save_support_macro(code text, title jsonb, body jsonb, set_status text default null) returns bigint
    language sql
    set search_path to ''
    as $$ select private.save_support_macro(code, title, body, set_status) $$;

create function private.save_support_macro(code text, title jsonb, body jsonb, set_status text default null) returns bigint
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  m public.support_macros;
begin
  perform private.assert_permission('support.write');
  perform private.support_assert_bilingual(title, 200, 'the title');
  perform private.support_assert_bilingual(body, private.support_limit('body'), 'the reply');
  if code is null or code !~ '^[a-z][a-z0-9_]{1,39}$' or (set_status is not null and set_status not in ('open', 'pending_customer', 'on_hold', 'solved')) then
    perform private.fail('support.invalid_macro', 'a macro has a code (a-z, 0-9, _) and optionally a status: open, pending_customer, on_hold, solved');
  end if;
  insert into public.support_macros as x (code, title, body, set_status) values (code, title, body, set_status)
  on conflict on constraint support_macros_code_key do update set title = excluded.title, body = excluded.body,
    set_status = excluded.set_status, active = true, updated_at = now()
  returning * into m;
  perform audit.record('support.macro_save', 'support_macro', code, null, to_jsonb(m), null, null);
  return m.id;
end
$$;

revoke all on function public.save_support_macro(text, jsonb, jsonb, text) from public, anon, authenticated, service_role;
grant execute on function public.save_support_macro(text, jsonb, jsonb, text) to authenticated, service_role;
comment on function public.save_support_macro(text, jsonb, jsonb, text) is 'Saves a bilingual canned reply (support.write).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.save_support_macro(text, jsonb, jsonb, text) from public, anon, authenticated, service_role;
grant execute on function private.save_support_macro(text, jsonb, jsonb, text) to authenticated, service_role;

-- Answers a ticket with a macro (support.write): the reply in the tenant's language, then the
-- macro's status, through the same functions a hand-written reply uses.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.apply_support_macro, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.apply_support_macro(ticket_id bigint, code text) returns bigint
    language sql
    set search_path to ''
    as $$ select private.apply_support_macro(ticket_id, code) $$;

create function private.apply_support_macro(ticket_id bigint, code text) returns bigint
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  m public.support_macros;
  locale text;
  message_id bigint;
begin
  perform private.assert_permission('support.write');
  select * into m from public.support_macros x where x.code = apply_support_macro.code and x.active;
  if m.id is null then
    perform private.fail('support.unknown_macro', 'no such macro');
  end if;
  select tn.default_locale into locale from public.support_tickets s join public.tenants tn on tn.id = s.tenant_id
  where s.id = apply_support_macro.ticket_id;
  message_id := public.reply_support_ticket(ticket_id, m.body ->> coalesce(locale, 'en'));
  if m.set_status is not null then
    perform public.set_support_ticket_status(ticket_id, m.set_status, 'macro ' || m.code);
  end if;
  return message_id;
end
$$;

revoke all on function public.apply_support_macro(bigint, text) from public, anon, authenticated, service_role;
grant execute on function public.apply_support_macro(bigint, text) to authenticated, service_role;
comment on function public.apply_support_macro(bigint, text) is
  'Replies to a ticket with a canned reply in the tenant''s language and applies its status (support.write).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.apply_support_macro(bigint, text) from public, anon, authenticated, service_role;
grant execute on function private.apply_support_macro(bigint, text) to authenticated, service_role;
