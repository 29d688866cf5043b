-- devstack stand-in for pg_net, written from pg_net's public API documentation. Installed by the
-- bootstrap only where the server has no pg_net extension.
--
-- net.http_get / http_post / http_delete queue a request in net.http_request_queue and return its
-- id; nothing is sent inside the transaction. Each call also does pg_notify('devstack_net', id),
-- which Postgres delivers only when the transaction commits: devstack's gateway listens on that
-- channel, performs the request, deletes the queue row and writes net._http_response, as pg_net's
-- background worker does. A rolled-back transaction queues nothing and wakes nobody.
-- Access as on Supabase: the functions (security definer) are callable by postgres, anon,
-- authenticated and service_role; the request and response tables (which hold Authorization
-- headers) are readable by postgres and service_role only.

create schema if not exists net;

do $$
begin
  if to_regtype('net.http_method') is null then
    create domain net.http_method as text check (value in ('GET', 'POST', 'DELETE'));
  end if;
end
$$;

create unlogged table if not exists net.http_request_queue (
  id bigserial primary key,
  method net.http_method not null,
  url text not null,
  headers jsonb not null,
  body bytea,
  timeout_milliseconds integer not null
);

create unlogged table if not exists net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz not null default now()
);
create index if not exists _http_response_id_idx on net._http_response (id);
create index if not exists _http_response_created_idx on net._http_response (created);

-- Percent-encodes one query-string component (RFC 3986 unreserved characters stay as they are).
create or replace function net._urlencode(value text)
returns text
language sql
immutable
strict
as $$
  select coalesce(string_agg(
           case when ch ~ '^[A-Za-z0-9._~-]$' then ch
                else regexp_replace(upper(encode(convert_to(ch, 'UTF8'), 'hex')), '(..)', '%\1', 'g') end,
           '' order by pos), '')
    from regexp_split_to_table(value, '') with ordinality as chars(ch, pos)
$$;

-- Checks a request, then queues it and wakes the worker at commit. Returns the request id.
create or replace function net._enqueue(req_method text, req_url text, req_params jsonb, req_headers jsonb,
                                        req_body bytea, req_timeout_milliseconds integer)
returns bigint
language plpgsql
volatile
set search_path = ''
as $$
declare
  full_url text := req_url;
  query text;
  request_id bigint;
begin
  if req_url is null or req_url !~* '^https?://[^/?#[:space:]]+' or req_url ~ '[[:space:]]' then
    raise exception using
      errcode = '22023',
      message = format('net.http_%s: invalid url %s: expected an absolute http:// or https:// URL without spaces',
                       lower(req_method), coalesce(quote_literal(req_url), 'NULL'));
  end if;
  if req_params is not null and jsonb_typeof(req_params) <> 'object' then
    raise exception using
      errcode = '22023',
      message = format('net.http_%s: params must be a JSON object of query parameters, got %s',
                       lower(req_method), req_params);
  end if;
  if req_headers is null or jsonb_typeof(req_headers) <> 'object' then
    raise exception using
      errcode = '22023',
      message = format('net.http_%s: headers must be a JSON object of header names and values, got %s',
                       lower(req_method), coalesce(req_headers::text, 'NULL'));
  end if;
  if req_timeout_milliseconds is null or req_timeout_milliseconds <= 0 then
    raise exception using
      errcode = '22023',
      message = format('net.http_%s: timeout_milliseconds must be a positive number, got %s',
                       lower(req_method), coalesce(req_timeout_milliseconds::text, 'NULL'));
  end if;

  select string_agg(net._urlencode(p.key) || '=' || net._urlencode(coalesce(p.value, '')), '&' order by p.pos)
    into query
    from jsonb_each_text(coalesce(req_params, '{}')) with ordinality as p(key, value, pos);
  if query is not null then
    full_url := full_url
             || case when full_url ~ '[?&]$' then '' when strpos(full_url, '?') > 0 then '&' else '?' end
             || query;
  end if;

  insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  values (req_method, full_url, req_headers, req_body, req_timeout_milliseconds)
  returning id into request_id;
  perform pg_notify('devstack_net', request_id::text);
  return request_id;
end
$$;

-- A JSON body goes out as application/json unless the caller chose a Content-Type.
create or replace function net._with_json_content_type(headers jsonb)
returns jsonb
language sql
immutable
as $$
  select case
    when jsonb_typeof(headers) <> 'object' then headers
    when exists (select from jsonb_object_keys(headers) k where lower(k) = 'content-type') then headers
    else headers || '{"Content-Type": "application/json"}'::jsonb
  end
$$;

create or replace function net.http_get(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000)
returns bigint
language plpgsql
strict
volatile
security definer
set search_path = ''
as $$
begin
  return net._enqueue('GET', url, params, headers, null, timeout_milliseconds);
end
$$;

create or replace function net.http_post(
  url text,
  body jsonb default '{}'::jsonb,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer default 5000)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  return net._enqueue('POST', url, params, net._with_json_content_type(headers),
                      convert_to(body::text, 'UTF8'), timeout_milliseconds);
end
$$;

create or replace function net.http_delete(
  url text,
  params jsonb default '{}'::jsonb,
  headers jsonb default '{}'::jsonb,
  timeout_milliseconds integer default 5000,
  body jsonb default null)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  return net._enqueue('DELETE', url, params,
                      case when body is null then headers else net._with_json_content_type(headers) end,
                      convert_to(body::text, 'UTF8'), timeout_milliseconds);
end
$$;

-- Access, as on Supabase (plus supabase_functions_admin where that role exists).
revoke all on schema net from public;
revoke all on all tables in schema net from public;
revoke all on all sequences in schema net from public;
revoke all on function net._urlencode(text), net._with_json_content_type(jsonb),
  net._enqueue(text, text, jsonb, jsonb, bytea, integer) from public;
revoke all on function net.http_get(text, jsonb, jsonb, integer),
  net.http_post(text, jsonb, jsonb, jsonb, integer),
  net.http_delete(text, jsonb, jsonb, integer, jsonb) from public;

grant usage on schema net to postgres, anon, authenticated, service_role;
grant execute on function net.http_get(text, jsonb, jsonb, integer),
  net.http_post(text, jsonb, jsonb, jsonb, integer),
  net.http_delete(text, jsonb, jsonb, integer, jsonb) to postgres, anon, authenticated, service_role;
grant select on net.http_request_queue, net._http_response to service_role;

do $$
begin
  if exists (select from pg_roles where rolname = 'supabase_functions_admin') then
    grant usage on schema net to supabase_functions_admin;
    grant execute on function net.http_get(text, jsonb, jsonb, integer),
      net.http_post(text, jsonb, jsonb, jsonb, integer),
      net.http_delete(text, jsonb, jsonb, integer, jsonb) to supabase_functions_admin;
    grant all on net.http_request_queue, net._http_response to supabase_functions_admin;
    grant usage on sequence net.http_request_queue_id_seq to supabase_functions_admin;
  end if;
end
$$;
