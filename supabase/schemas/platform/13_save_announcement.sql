-- Creates (id null) or changes an announcement (settings.write, aal2; audited). Title and body in
-- English and Arabic, a severity, a window (starts_at null: now), targets (all empty: everyone).
-- send_notification also sends it, when saved, to the targeted tenants (trial, active, grace, suspended,
-- frozen) through the notifications outbox (private.notify, event platform.announcement).
CREATE FUNCTION public.save_announcement(announcement_id uuid, title jsonb, body jsonb, severity text, starts_at timestamptz, ends_at timestamptz,
    target_plans text[] DEFAULT '{}'::text[], target_regions text[] DEFAULT '{}'::text[], target_tenants uuid[] DEFAULT '{}'::uuid[],
    send_notification boolean DEFAULT false) RETURNS uuid
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.save_announcement(announcement_id, title, body, severity, starts_at, ends_at, target_plans, target_regions, target_tenants, send_notification) $$;

CREATE FUNCTION private.save_announcement(announcement_id uuid, title jsonb, body jsonb, severity text, starts_at timestamptz, ends_at timestamptz,
    target_plans text[] DEFAULT '{}'::text[], target_regions text[] DEFAULT '{}'::text[], target_tenants uuid[] DEFAULT '{}'::uuid[],
    send_notification boolean DEFAULT false) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  now_at timestamptz := private.now();
  before_row public.platform_announcements;
  a public.platform_announcements;
  lang text;
begin
  perform private.assert_permission('settings.write');
  perform private.assert_json_size(title, 'the title');
  perform private.assert_json_size(body, 'the body');
  foreach lang in array array['en', 'ar'] loop
    if jsonb_typeof(title) is distinct from 'object' or jsonb_typeof(body) is distinct from 'object'
       or coalesce(btrim(title ->> lang), '') = '' or length(title ->> lang) > private.input_limit('name')
       or coalesce(btrim(body ->> lang), '') = '' or length(body ->> lang) > private.input_limit('note') then
      perform private.fail('platform.invalid_announcement', format('the title (1–%s) and body (1–%s characters) are needed in English and Arabic',
        private.input_limit('name'), private.input_limit('note')));
    end if;
  end loop;
  if severity is null or severity not in ('info', 'warning', 'critical') then
    perform private.fail('platform.invalid_announcement', 'the severity is info, warning or critical');
  end if;
  starts_at := coalesce(starts_at, now_at);
  if ends_at is not null and ends_at <= starts_at then
    perform private.fail('platform.invalid_announcement', 'the end must be after the start');
  end if;
  if exists (select from unnest(coalesce(target_regions, '{}')) r where r not in (select x.code from public.regions x)) then
    perform private.fail('platform.invalid_region', 'an unknown region among the targets');
  end if;
  if exists (select from unnest(coalesce(target_plans, '{}')) p where p not in (select x.code from public.plans x)) then
    perform private.fail('platform.invalid_announcement', 'an unknown plan among the targets');
  end if;
  if exists (select from unnest(coalesce(target_tenants, '{}')) t where t not in (select x.id from public.tenants x)) then
    perform private.fail('platform.invalid_announcement', 'an unknown tenant among the targets');
  end if;
  if cardinality(target_plans) + cardinality(target_regions) + cardinality(target_tenants) > 500 then
    perform private.fail('platform.invalid_announcement', 'at most 500 targets');
  end if;
  if announcement_id is not null then
    select * into before_row from public.platform_announcements x where x.id = save_announcement.announcement_id for update;
    if before_row.id is null then
      perform private.fail('platform.unknown_announcement', 'no such announcement');
    end if;
  end if;
  insert into public.platform_announcements as x (id, title, body, severity, starts_at, ends_at, target_plans, target_regions, target_tenants,
      send_notification, created_by, created_at, updated_by, updated_at)
  values (coalesce(save_announcement.announcement_id, gen_random_uuid()),
      jsonb_build_object('en', btrim(title ->> 'en'), 'ar', btrim(title ->> 'ar')),
      jsonb_build_object('en', btrim(body ->> 'en'), 'ar', btrim(body ->> 'ar')),
      severity, starts_at, ends_at, coalesce(target_plans, '{}'), coalesce(target_regions, '{}'), coalesce(target_tenants, '{}'),
      coalesce(send_notification, false), auth.uid(), now_at, auth.uid(), now_at)
  on conflict on constraint platform_announcements_pkey do update set
      title = excluded.title, body = excluded.body, severity = excluded.severity, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
      target_plans = excluded.target_plans, target_regions = excluded.target_regions, target_tenants = excluded.target_tenants,
      send_notification = excluded.send_notification, updated_by = excluded.updated_by, updated_at = excluded.updated_at
  returning * into a;
  perform audit.record(case when before_row.id is null then 'platform.announcement_create' else 'platform.announcement_update' end,
    'announcement', a.id::text, to_jsonb(before_row), to_jsonb(a), null, null);
  -- the outbox (notifications capability): one platform.announcement per targeted tenant in its
  -- language, written in this transaction; idempotent per announcement, so re-saving sends nothing twice
  if a.send_notification then
    perform private.notify('platform.announcement', t.id, 'announcement:' || a.id,
      jsonb_build_object('title', a.title ->> t.default_locale, 'body', a.body ->> t.default_locale))
    from public.tenants t
    where t.status in ('trial', 'active', 'grace', 'suspended', 'frozen') and private.announcement_targets(a, t.id);
  end if;
  return a.id;
end
$$;

REVOKE ALL ON FUNCTION public.save_announcement(announcement_id uuid, title jsonb, body jsonb, severity text, starts_at timestamptz, ends_at timestamptz, target_plans text[], target_regions text[], target_tenants uuid[], send_notification boolean) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.save_announcement(announcement_id uuid, title jsonb, body jsonb, severity text, starts_at timestamptz, ends_at timestamptz, target_plans text[], target_regions text[], target_tenants uuid[], send_notification boolean) TO authenticated, service_role;
COMMENT ON FUNCTION public.save_announcement(announcement_id uuid, title jsonb, body jsonb, severity text, starts_at timestamptz, ends_at timestamptz, target_plans text[], target_regions text[], target_tenants uuid[], send_notification boolean) IS 'Creates or changes an announcement to tenants: en/ar title and body, severity, window, targets by plan, region or tenant (settings.write, aal2; audited).';

REVOKE ALL ON FUNCTION private.save_announcement(announcement_id uuid, title jsonb, body jsonb, severity text, starts_at timestamptz, ends_at timestamptz, target_plans text[], target_regions text[], target_tenants uuid[], send_notification boolean) FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION private.save_announcement(announcement_id uuid, title jsonb, body jsonb, severity text, starts_at timestamptz, ends_at timestamptz, target_plans text[], target_regions text[], target_tenants uuid[], send_notification boolean) TO authenticated, service_role;
