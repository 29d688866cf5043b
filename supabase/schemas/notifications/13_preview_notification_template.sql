-- Console: renders a template (the current version, or the unsaved draft {subject, body_text,
-- body_html, whatsapp_template, whatsapp_parameters}) with sample values (default: the event's sample).
-- Answers the rendered parts, the SMS length (encoding gsm7|ucs2, characters, segments) and the
-- validation the save would apply ({code, message} or null).
create function public.preview_notification_template(p_event text, p_channel text, p_locale text, p_sample jsonb default null, p_draft jsonb default null) returns jsonb
    language sql
    set search_path to ''
    as $$ select private.preview_notification_template(p_event, p_channel, p_locale, p_sample, p_draft) $$;

create function private.preview_notification_template(p_event text, p_channel text, p_locale text, p_sample jsonb default null, p_draft jsonb default null) returns jsonb
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  ev public.notification_events;
  t public.notification_templates;
  v_vars jsonb;
  v_text text;
  e record;
begin
  perform private.assert_permission('settings.read');
  select * into ev from public.notification_events x where x.event = p_event;
  if ev.event is null then
    perform private.fail('notifications.unknown_event', format('unknown notification event: %s', coalesce(p_event, 'null')));
  end if;
  if p_locale is null or p_locale not in ('ar', 'en') then
    perform private.fail('notifications.invalid_locale', 'the locale is ar or en');
  end if;
  if p_channel is null or p_channel not in ('email', 'sms', 'whatsapp') then
    perform private.fail('notifications.invalid_channel', 'the channel is email, sms or whatsapp');
  end if;
  perform private.assert_json_size(p_sample, 'the sample values');
  perform private.assert_json_size(p_draft, 'the draft');
  select * into t from public.notification_templates x
  where x.event = ev.event and x.channel = p_channel and x.locale = p_locale order by x.version desc limit 1;
  if p_draft is not null then
    t.event := ev.event;
    t.subject := p_draft ->> 'subject';
    t.body_text := p_draft ->> 'body_text';
    t.body_html := p_draft ->> 'body_html';
    t.whatsapp_template := p_draft ->> 'whatsapp_template';
    t.whatsapp_parameters := case when jsonb_typeof(p_draft -> 'whatsapp_parameters') = 'array'
                                  then array(select jsonb_array_elements_text(p_draft -> 'whatsapp_parameters')) end;
  elsif t.event is null then
    perform private.fail('notifications.unknown_template', format('no %s %s template for %s', p_locale, p_channel, ev.event));
  end if;
  v_vars := ev.sample || coalesce(p_sample, '{}');
  e := private.notification_template_error(ev, p_channel, t.subject, t.body_text, t.body_html, t.whatsapp_parameters);
  v_text := private.notification_render(t.body_text, v_vars);
  return jsonb_build_object('event', ev.event, 'channel', p_channel, 'locale', p_locale, 'version', t.version,
    'variables', to_jsonb(ev.variables),
    'subject', private.notification_render(t.subject, v_vars),
    'text', v_text,
    'html', case when t.body_html is not null
                 then private.notification_email_layout(private.notification_render(t.body_html, v_vars, true), p_locale,
                        case when ev.category = 'other' then private.notification_public_url() || '/unsubscribe?token=sample' end) end,
    'whatsapp', case when t.whatsapp_template is not null then jsonb_build_object('template', t.whatsapp_template, 'language', p_locale,
                  'parameters', (select coalesce(jsonb_agg(coalesce(v_vars ->> p, '') order by o), '[]')
                                 from unnest(t.whatsapp_parameters) with ordinality u(p, o))) end,
    'sms', case when p_channel = 'sms' then private.sms_segments(v_text) end,
    'error', case when e.code is not null then jsonb_build_object('code', e.code, 'message', e.message) end);
end
$$;

revoke all on function public.preview_notification_template(text, text, text, jsonb, jsonb) from public, anon, authenticated, service_role;
grant execute on function public.preview_notification_template(text, text, text, jsonb, jsonb) to authenticated, service_role;
comment on function public.preview_notification_template(text, text, text, jsonb, jsonb) is
  'Console (settings.read): renders the current template or a draft with sample values: subject, text, html, whatsapp, sms {encoding, characters, units, segments} and the save''s validation error.';
revoke all on function private.preview_notification_template(text, text, text, jsonb, jsonb) from public, anon, authenticated, service_role;
grant execute on function private.preview_notification_template(text, text, text, jsonb, jsonb) to authenticated, service_role;
