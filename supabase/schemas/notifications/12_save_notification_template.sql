-- Why a template cannot be saved for this event and channel, as (code, message), or nulls:
-- broken markup, or a variable the event does not declare.
create function private.notification_template_error(ev public.notification_events, channel text, subject text, body_text text,
    body_html text, whatsapp_parameters text[], out code text, out message text)
    language plpgsql stable
    set search_path to ''
    as $$
declare
  v_err text;
  v_unknown text[];
begin
  v_err := coalesce(private.notification_markup_error(subject, false), private.notification_markup_error(body_text, false),
                    private.notification_markup_error(body_html, true));
  if v_err is not null then
    code := 'notifications.invalid_markup';
    message := v_err;
    return;
  end if;
  v_unknown := array(select v from unnest(private.notification_variables(concat_ws(' ', subject, body_text, body_html))
                                          || coalesce(whatsapp_parameters, '{}')) v
                     where v <> all (ev.variables));
  if cardinality(v_unknown) > 0 then
    code := 'notifications.unknown_variable';
    message := format('%s does not declare %s (it has %s)', ev.event, array_to_string(v_unknown, ', '), array_to_string(ev.variables, ', '));
  end if;
end
$$;

revoke all on function private.notification_template_error(public.notification_events, text, text, text, text, text[]) from public, anon, authenticated, service_role;
grant execute on function private.notification_template_error(public.notification_events, text, text, text, text, text[]) to authenticated, service_role;

-- Console: saves a new version of the template of (event, channel, locale).
create function public.save_notification_template(p_event text, p_channel text, p_locale text, p_subject text, p_body_text text,
    p_body_html text default null, p_whatsapp_template text default null, p_whatsapp_parameters text[] default null) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.save_notification_template(p_event, p_channel, p_locale, p_subject, p_body_text, p_body_html, p_whatsapp_template, p_whatsapp_parameters) $$;

create function private.save_notification_template(p_event text, p_channel text, p_locale text, p_subject text, p_body_text text,
    p_body_html text default null, p_whatsapp_template text default null, p_whatsapp_parameters text[] default null) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  ev public.notification_events;
  prev public.notification_templates;
  t public.notification_templates;
  e record;
begin
  perform private.assert_permission('settings.write');
  select * into ev from public.notification_events x where x.event = p_event;
  if ev.event is null then
    perform private.fail('notifications.unknown_event', format('unknown notification event: %s', coalesce(p_event, 'null')));
  end if;
  if p_channel is null or p_channel <> all (ev.channels) then
    perform private.fail('notifications.invalid_channel', format('%s is not sent by %s', ev.event, coalesce(p_channel, 'null')),
      format('one of %s', array_to_string(ev.channels, ', ')));
  end if;
  if p_locale is null or p_locale not in ('ar', 'en') then
    perform private.fail('notifications.invalid_locale', 'the locale is ar or en');
  end if;
  if coalesce(btrim(p_body_text), '') = '' or length(p_body_text) > 10000 or length(p_subject) > 300 or length(p_body_html) > 50000
     or (p_channel = 'email' and (coalesce(btrim(p_subject), '') = '' or coalesce(btrim(p_body_html), '') = ''))
     or (p_channel = 'whatsapp' and coalesce(p_whatsapp_template, '') !~ '^[a-z0-9_]{1,255}$')
     or cardinality(p_whatsapp_parameters) > 30 then
    perform private.fail('notifications.invalid_template', 'the template is empty, too long or misses a part its channel needs');
  end if;
  e := private.notification_template_error(ev, p_channel, p_subject, p_body_text, p_body_html, p_whatsapp_parameters);
  if e.code is not null then
    perform private.fail(e.code, e.message);
  end if;
  select * into prev from public.notification_templates x
  where x.event = ev.event and x.channel = p_channel and x.locale = p_locale order by x.version desc limit 1 for update;
  insert into public.notification_templates (event, channel, locale, version, subject, body_text, body_html,
    whatsapp_template, whatsapp_parameters, created_at, created_by)
  values (ev.event, p_channel, p_locale, coalesce(prev.version, 0) + 1,
    case when p_channel = 'email' then p_subject end, p_body_text, case when p_channel = 'email' then p_body_html end,
    case when p_channel = 'whatsapp' then p_whatsapp_template end, case when p_channel = 'whatsapp' then p_whatsapp_parameters end,
    now(), auth.uid())
  returning * into t;
  perform audit.record('notification.template_save', 'notification_template', format('%s:%s:%s', t.event, t.channel, t.locale),
    case when prev.event is not null then to_jsonb(prev) end, to_jsonb(t));
  return jsonb_build_object('event', t.event, 'channel', t.channel, 'locale', t.locale, 'version', t.version);
end
$$;

revoke all on function public.save_notification_template(text, text, text, text, text, text, text, text[]) from public, anon, authenticated, service_role;
grant execute on function public.save_notification_template(text, text, text, text, text, text, text, text[]) to authenticated, service_role;
comment on function public.save_notification_template(text, text, text, text, text, text, text, text[]) is
  'Console (settings.write): saves the next version of an event''s template for a channel and locale; refuses broken markup and undeclared variables; audited.';
revoke all on function private.save_notification_template(text, text, text, text, text, text, text, text[]) from public, anon, authenticated, service_role;
grant execute on function private.save_notification_template(text, text, text, text, text, text, text, text[]) to authenticated, service_role;
