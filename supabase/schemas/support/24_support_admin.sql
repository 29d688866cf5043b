-- Support admin screens: SLA targets per plan and priority, and taking an article off the knowledge base.

-- Sets the SLA targets of a plan (or '*', the default) and priority (support.write). Tickets keep
-- the due times they were given; new tickets get the new targets.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.save_support_sla_target, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.save_support_sla_target(plan_code text, priority text, first_response_minutes integer,
                                               resolution_minutes integer) returns void
    language sql
    set search_path to ''
    as $$ select private.save_support_sla_target(plan_code, priority, first_response_minutes, resolution_minutes) $$;

create function private.save_support_sla_target(plan_code text, priority text, first_response_minutes integer,
                                                resolution_minutes integer) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  before_row public.support_sla_targets;
  after_row public.support_sla_targets;
begin
  perform private.assert_permission('support.write');
  if priority is null or priority not in ('low', 'normal', 'high', 'urgent') then
    perform private.fail('support.invalid_priority', 'priority is low, normal, high or urgent');
  end if;
  if plan_code is null or (plan_code <> '*' and not exists (select from public.plans p where p.code = save_support_sla_target.plan_code))
     or first_response_minutes is null or resolution_minutes is null
     or first_response_minutes not between 1 and 100000 or resolution_minutes not between 1 and 1000000
     or resolution_minutes < first_response_minutes then
    perform private.fail('support.invalid_sla_target',
      'a known plan code (or *), first response 1–100000 and resolution 1–1000000 business minutes, resolution ≥ first response');
  end if;
  select * into before_row from public.support_sla_targets x
  where x.plan_code = save_support_sla_target.plan_code and x.priority = save_support_sla_target.priority for update;
  insert into public.support_sla_targets as x (plan_code, priority, first_response_minutes, resolution_minutes)
  values (plan_code, priority, first_response_minutes, resolution_minutes)
  on conflict on constraint support_sla_targets_pkey do update
    set first_response_minutes = excluded.first_response_minutes, resolution_minutes = excluded.resolution_minutes
  returning * into after_row;
  perform audit.record('support.sla_target_save', 'support_sla_target', plan_code || ':' || priority,
    to_jsonb(before_row), to_jsonb(after_row), null, null);
end
$$;

revoke all on function public.save_support_sla_target(text, text, integer, integer) from public, anon, authenticated, service_role;
grant execute on function public.save_support_sla_target(text, text, integer, integer) to authenticated, service_role;
comment on function public.save_support_sla_target(text, text, integer, integer) is
  'Sets the first-response and resolution targets (business minutes) of a plan, or * for the default, and priority (support.write).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.save_support_sla_target(text, text, integer, integer) from public, anon, authenticated, service_role;
grant execute on function private.save_support_sla_target(text, text, integer, integer) to authenticated, service_role;

-- Takes a published article off the knowledge base (support.write): tenants no longer read or
-- find it; its text goes back to the draft (unless a newer draft is already there) to edit and
-- publish again.
-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.unpublish_kb_article, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
create function public.unpublish_kb_article(slug text) returns void
    language sql
    set search_path to ''
    as $$ select private.unpublish_kb_article(slug) $$;

create function private.unpublish_kb_article(slug text) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  a public.support_kb_articles;
begin
  perform private.assert_permission('support.write');
  select * into a from public.support_kb_articles x where x.slug = unpublish_kb_article.slug for update;
  if a.published_at is null then
    perform private.fail('support.unknown_article', 'no published article with this address');
  end if;
  insert into public.support_kb_drafts (article_id, title, body, updated_by) values (a.id, a.title, a.body, auth.uid())
  on conflict on constraint support_kb_drafts_pkey do nothing;
  update public.support_kb_articles x set title = null, body = null, published_at = null where x.id = a.id;
  perform audit.record('support.article_unpublish', 'support_article', slug, jsonb_build_object('version', a.version), null, null, null);
end
$$;

revoke all on function public.unpublish_kb_article(text) from public, anon, authenticated, service_role;
grant execute on function public.unpublish_kb_article(text) to authenticated, service_role;
comment on function public.unpublish_kb_article(text) is
  'Takes a published knowledge-base article offline (support.write); its text goes back to the draft.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
revoke all on function private.unpublish_kb_article(text) from public, anon, authenticated, service_role;
grant execute on function private.unpublish_kb_article(text) to authenticated, service_role;
