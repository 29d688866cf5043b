-- Template rendering: {{name}} placeholders (letters, digits, underscore), replaced in one pass so a
-- value containing "{{x}}" is never expanded again; HTML-escaped where the output is HTML.
create function private.notification_html_escape(value text) returns text
    language sql immutable
    set search_path to ''
    as $$
  select replace(replace(replace(replace(replace(value, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;

revoke all on function private.notification_html_escape(text) from public, anon, authenticated, service_role;

-- The variable names a template uses, in order of first use.
create function private.notification_variables(template text) returns text[]
    language sql immutable
    set search_path to ''
    as $$
  select coalesce(array_agg(n order by first_at), '{}')
  from (select m[1] as n, min(o) as first_at
        from regexp_matches(coalesce(template, ''), '\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}', 'g') with ordinality as x(m, o)
        group by m[1]) v
$$;

revoke all on function private.notification_variables(text) from public, anon, authenticated, service_role;

create function private.notification_render(template text, variables jsonb, html boolean default false) returns text
    language plpgsql immutable
    set search_path to ''
    as $$
declare
  parts text[] := regexp_split_to_array(template, '\{\{\s*[a-z_][a-z0-9_]*\s*\}\}');
  names text[] := array(select m[1] from regexp_matches(template, '\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}', 'g') as m);
  result text := parts[1];
  v text;
begin
  if template is null then
    return null;
  end if;
  for i in 1 .. coalesce(cardinality(names), 0) loop
    v := coalesce(variables ->> names[i], '');
    result := result || case when html then private.notification_html_escape(v) else v end || parts[i + 1];
  end loop;
  return result;
end
$$;

revoke all on function private.notification_render(text, jsonb, boolean) from public, anon, authenticated, service_role;

-- Why a template's markup is broken, or null: a stray {{ or }}, or unbalanced HTML tags.
create function private.notification_markup_error(template text, html boolean) returns text
    language plpgsql immutable
    set search_path to ''
    as $$
declare
  rest text := regexp_replace(coalesce(template, ''), '\{\{\s*[a-z_][a-z0-9_]*\s*\}\}', '', 'g');
  stack text[] := '{}';
  m text[];
begin
  if rest ~ '\{\{|\}\}' then
    return 'a {{ or }} is not a well-formed {{variable}}';
  end if;
  if not html then
    return null;
  end if;
  if regexp_replace(rest, '<(/?)([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*)?/?>|<!--.*?-->', '', 'g') ~ '[<>]' then
    return 'a < or > is not part of a tag (write &lt; or &gt;)';
  end if;
  for m in select x from regexp_matches(rest, '<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?(/?)>', 'g') as x loop
    continue when lower(m[2]) in ('br', 'hr', 'img', 'meta', 'link', 'input', 'col', 'wbr', 'source') or m[3] = '/';
    if m[1] = '' then
      stack := stack || lower(m[2]);
    elsif cardinality(stack) = 0 or stack[cardinality(stack)] <> lower(m[2]) then
      return format('</%s> does not close the open tag', m[2]);
    else
      stack := stack[1 : cardinality(stack) - 1];
    end if;
  end loop;
  if cardinality(stack) > 0 then
    return format('<%s> is never closed', stack[cardinality(stack)]);
  end if;
  return null;
end
$$;

revoke all on function private.notification_markup_error(text, boolean) from public, anon, authenticated, service_role;

-- The e-mail layout around a rendered body: right-to-left for Arabic; the unsubscribe link for
-- non-transactional mail.
create function private.notification_email_layout(body text, locale text, unsubscribe_url text default null) returns text
    language sql immutable
    set search_path to ''
    as $$
  select format('<!doctype html><html dir="%s" lang="%s"><head><meta charset="utf-8"></head>'
    || '<body style="direction:%s;text-align:%s;font-family:Tahoma,Arial,sans-serif">%s%s</body></html>',
    d, locale, d, case when d = 'rtl' then 'right' else 'left' end, body,
    case when unsubscribe_url is null then ''
         else format('<p style="font-size:12px;color:#888"><a href="%s">%s</a></p>', private.notification_html_escape(unsubscribe_url),
                     case when locale = 'ar' then 'إلغاء الاشتراك' else 'Unsubscribe' end) end)
  from (select case when locale = 'ar' then 'rtl' else 'ltr' end as d) x
$$;

revoke all on function private.notification_email_layout(text, text, text) from public, anon, authenticated, service_role;
