CREATE FUNCTION audit.publish_head() RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  head audit.log;
  sink record;
  body jsonb;
begin
  select * into sink from audit.head_sink();
  select * into head from audit.log order by seq desc limit 1;
  if head.id is null then
    return null;
  end if;
  perform audit.record_checkpoint('published');
  body := jsonb_build_object('seq', head.seq, 'hash', encode(head.hash, 'hex'), 'log_id', head.id,
                             'published_at', clock_timestamp());
  perform net.http_post(url := sink.url, body := body,
    headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || coalesce(sink.token, '')),
    timeout_milliseconds := 10000);
  return body;
end
$$;

REVOKE ALL ON FUNCTION audit.publish_head() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION audit.publish_head() FROM PUBLIC;
