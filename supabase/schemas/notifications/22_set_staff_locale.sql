-- The language of the messages a staff member receives (lock-outs, SLA warnings…): their own choice,
-- or staff.manage for anyone. Arabic until changed. Audited (staff.locale).
create function public.set_staff_locale(staff_id uuid, locale text) returns void
    language sql
    set search_path to ''
    as $$ select private.set_staff_locale(staff_id, locale) $$;

create function private.set_staff_locale(staff_id uuid, locale text) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  s public.platform_staff;
begin
  if set_staff_locale.staff_id is not null and set_staff_locale.staff_id = auth.uid()
     and private.current_staff_role() is not null and private.is_mfa_session() then
    perform private.assert_not_in_maintenance();   -- one's own preference: the check assert_permission would make
  else
    perform private.assert_permission('staff.manage');
  end if;
  if set_staff_locale.locale is null or set_staff_locale.locale not in ('ar', 'en') then
    perform private.fail('notifications.invalid_locale', format('unknown language: %s', coalesce(set_staff_locale.locale, 'null')));
  end if;
  select * into s from public.platform_staff x where x.user_id = set_staff_locale.staff_id for update;
  if s.user_id is null then
    perform private.fail('notifications.invalid_recipient', 'no such staff member');
  end if;
  if s.locale = set_staff_locale.locale then
    return;
  end if;
  update public.platform_staff x set locale = set_staff_locale.locale, updated_at = now() where x.user_id = s.user_id;
  perform audit.record('staff.locale', 'staff', s.user_id::text, jsonb_build_object('locale', s.locale),
    jsonb_build_object('locale', set_staff_locale.locale));
end
$$;

revoke all on function public.set_staff_locale(uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.set_staff_locale(uuid, text) to authenticated, service_role;
comment on function public.set_staff_locale(uuid, text) is
  'Sets the language (ar or en) of the messages a staff member receives: their own, or anyone''s with staff.manage; audited.';
revoke all on function private.set_staff_locale(uuid, text) from public, anon, authenticated, service_role;
grant execute on function private.set_staff_locale(uuid, text) to authenticated, service_role;
