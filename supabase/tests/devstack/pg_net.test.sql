-- pg_net as the project uses it (devstack's stand-in, or the real extension on Supabase): HTTP
-- requests are queued rows for the worker, which is woken when the transaction commits (checked in two
-- other sessions through dblink, which commit a row and remove it again).
begin;
select plan(28);

-- ── pg_net: requests are queued rows
select has_schema('net');
select columns_are('net', 'http_request_queue', array['id', 'method', 'url', 'headers', 'body', 'timeout_milliseconds'],
                   'net.http_request_queue has pg_net''s columns');
select columns_are('net', '_http_response',
                   array['id', 'status_code', 'content_type', 'headers', 'content', 'timed_out', 'error_msg', 'created'],
                   'net._http_response has pg_net''s columns');

select net.http_post(
  url := 'http://127.0.0.1:54321/functions/v1/devstack-echo',
  body := '{"hello":"world","n":1}'::jsonb,
  headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer t0k3n'),
  timeout_milliseconds := 2000) as post_id \gset
select results_eq(
  format($$ select method::text, url, headers, convert_from(body, 'UTF8')::jsonb, timeout_milliseconds
              from net.http_request_queue where id = %s $$, :post_id),
  $$ values ('POST', 'http://127.0.0.1:54321/functions/v1/devstack-echo',
             '{"Content-Type":"application/json","Authorization":"Bearer t0k3n"}'::jsonb,
             '{"hello":"world","n":1}'::jsonb, 2000) $$,
  'http_post queues one request with its method, url, headers, JSON body and timeout');

select net.http_post('https://example.com/hook') as post_default_id \gset
select results_eq(
  format($$ select headers, convert_from(body, 'UTF8')::jsonb, timeout_milliseconds from net.http_request_queue where id = %s $$,
         :post_default_id),
  $$ values ('{"Content-Type":"application/json"}'::jsonb, '{}'::jsonb, 5000) $$,
  'http_post defaults: JSON content type, empty object body, 5000 ms');
select net.http_post('https://example.com/hook', '{"a":1}'::jsonb, headers := '{"Authorization":"Bearer x"}'::jsonb) as post_auth_id \gset
select is((select headers ->> 'Content-Type' from net.http_request_queue where id = :post_auth_id), 'application/json',
          'a JSON body is sent as application/json when the caller gave other headers only');
select net.http_post('https://example.com/hook', '{"a":1}'::jsonb,
                     headers := '{"content-type":"application/vnd.api+json"}'::jsonb) as post_ct_id \gset
select is((select headers from net.http_request_queue where id = :post_ct_id), '{"content-type":"application/vnd.api+json"}'::jsonb,
          'a caller''s own Content-Type is kept');

select net.http_get('https://example.com/search', params := '{"q":"a b&c","lang":"ar"}'::jsonb,
                    headers := '{"Accept":"application/json"}'::jsonb) as get_id \gset
select results_eq(
  format($$ select method::text, url, headers, body, timeout_milliseconds from net.http_request_queue where id = %s $$, :get_id),
  $$ values ('GET', 'https://example.com/search?q=a%20b%26c&lang=ar', '{"Accept":"application/json"}'::jsonb, null::bytea, 5000) $$,
  'http_get queues a GET with params url-encoded into the query string and no body');
select net.http_get('https://example.com/s?x=1', '{"name":"غسيل"}'::jsonb) as get_utf8_id \gset
select is((select url from net.http_request_queue where id = :get_utf8_id),
          'https://example.com/s?x=1&name=%D8%BA%D8%B3%D9%8A%D9%84',
          'params join an existing query string and are UTF-8 percent-encoded');
select net.http_delete('https://example.com/items/7', headers := '{"Authorization":"Bearer d"}'::jsonb) as delete_id \gset
select results_eq(
  format($$ select method::text, url, headers, body from net.http_request_queue where id = %s $$, :delete_id),
  $$ values ('DELETE', 'https://example.com/items/7', '{"Authorization":"Bearer d"}'::jsonb, null::bytea) $$,
  'http_delete queues a DELETE');
select ok(:get_id > :post_id and :delete_id > :get_id, 'request ids increase');
select ok((select count(*) from net._http_response where id in (:post_id, :get_id, :delete_id)) = 0,
          'no response exists before the transaction commits and the worker runs');

-- Bad requests are refused and queue nothing
select count(*) as queued_before from net.http_request_queue \gset
select throws_ok($$ select net.http_post('ftp://example.com/file') $$, '22023', null, 'an ftp:// url is refused');
select throws_ok($$ select net.http_post('example.com/hook') $$, '22023', null, 'a url without a scheme is refused');
select throws_ok($$ select net.http_get('') $$, '22023', null, 'an empty url is refused');
select throws_ok($$ select net.http_get('https://exa mple.com') $$, '22023', null, 'a url with a space is refused');
select throws_ok($$ select net.http_post(null) $$, '22023', null, 'a null url is refused');
select throws_matching($$ select net.http_delete('javascript:alert(1)') $$, 'invalid url .*http:// or https://',
                       'the error names the url and what is expected');
select throws_ok($$ select net.http_post('https://example.com', headers := '["x"]'::jsonb) $$, '22023', null,
                 'headers must be a JSON object');
select throws_ok($$ select net.http_post('https://example.com', timeout_milliseconds := 0) $$, '22023', null,
                 'the timeout must be positive');
select is((select count(*) from net.http_request_queue), :queued_before::bigint, 'refused requests queue nothing');

-- Access as on Supabase: the API roles may call the functions (database webhooks fire under any
-- role), but only postgres and service_role may read queued requests and their Authorization headers.
select ok(has_function_privilege('authenticated', 'net.http_post(text,jsonb,jsonb,jsonb,integer)', 'execute')
          and has_function_privilege('anon', 'net.http_get(text,jsonb,jsonb,integer)', 'execute'),
          'anon and authenticated may call net.http_post / http_get');
select ok(not has_table_privilege('anon', 'net.http_request_queue', 'select')
          and not has_table_privilege('authenticated', 'net.http_request_queue', 'select')
          and not has_table_privilege('authenticated', 'net._http_response', 'select'),
          'anon and authenticated cannot read requests or responses');
select ok(has_table_privilege('service_role', 'net.http_request_queue', 'select')
          and has_table_privilege('service_role', 'net._http_response', 'select'),
          'service_role can read requests and responses');
set local role authenticated;
select net.http_post('https://example.com/from-trigger') as auth_post_id \gset
select throws_ok($$ select * from net.http_request_queue $$, '42501', null, 'authenticated cannot read the request queue');
reset role;
select is((select method::text from net.http_request_queue where id = :auth_post_id), 'POST',
          'a request made as authenticated is queued');

-- ── The worker is woken at commit (pg_notify on devstack_net), never for a rolled-back request.
-- Two other sessions through dblink: one listens, one commits a request.
select format('host=''%s'' port=%s dbname=''%s'' user=''%s''',
              coalesce(nullif(trim(split_part(current_setting('unix_socket_directories'), ',', 1)), ''), '127.0.0.1'),
              current_setting('port'), current_database(), current_user) as dblink_conn \gset
select dblink_connect('devstack_net_listen', :'dblink_conn') \g /dev/null
select dblink_connect('devstack_net_send', :'dblink_conn') \g /dev/null
select dblink_exec('devstack_net_listen', 'listen devstack_net') \g /dev/null

create temp table heard (notify_name text, be_pid integer, extra text);
create function pg_temp.wait_for_notifications(seconds numeric) returns void language plpgsql as $$
declare
  stop_at timestamptz := clock_timestamp() + make_interval(secs => seconds);
begin
  loop
    insert into heard select * from dblink_get_notify('devstack_net_listen');
    exit when exists (select from heard) or clock_timestamp() >= stop_at;
    perform pg_sleep(0.05);
  end loop;
end
$$;

select dblink_exec('devstack_net_send', 'begin') \g /dev/null
select * from dblink('devstack_net_send', $$ select net.http_get('http://127.0.0.1:9/devstack-rolled-back') $$)
  as t(id bigint) \g /dev/null
select dblink_exec('devstack_net_send', 'rollback') \g /dev/null
select pg_temp.wait_for_notifications(0.3) \g /dev/null
select is((select count(*)::int from heard), 0, 'a rolled-back request wakes nobody');

select id as committed_id from dblink('devstack_net_send',
  $$ select net.http_get('http://127.0.0.1:9/devstack-notify-test') $$) as t(id bigint) \gset
select pg_temp.wait_for_notifications(5) \g /dev/null
select results_eq($$ select notify_name, extra from heard $$,
                  format($$ values ('devstack_net', '%s') $$, :committed_id),
                  'a committed request notifies devstack_net with its id');

select dblink_exec('devstack_net_send', format(
  'delete from net.http_request_queue where id = %s; delete from net._http_response where id = %s',
  :committed_id, :committed_id)) \g /dev/null
select dblink_disconnect('devstack_net_listen') \g /dev/null
select dblink_disconnect('devstack_net_send') \g /dev/null

select * from finish();
rollback;
