-- Uploads never attached (docs/support.md, "Attachments"): a client that uploads to
-- support-attachments and never calls attach_support_file leaves an object nobody can use. The
-- support.attachment_sweep job (hourly through pg_cron -> the maintenance queue) removes the ones
-- older than support_limit('orphan_grace_hours').
-- Why through Storage's API: deleting a storage.objects row in SQL leaves the bytes in the object
-- store (Supabase's S3 backend, devstack's files under <devstack dir>/storage). The job therefore
-- sends one DELETE /storage/v1/object/support-attachments {prefixes} with the service role through
-- pg_net; Storage deletes the bytes and the rows. A failed request leaves the objects in place,
-- and the next run picks them up again.

-- The unattached objects of the bucket older than the grace period, oldest first, at most lim.
create function private.support_attachment_orphans(lim integer) returns setof text
    language sql stable security definer
    set search_path to ''
    as $$
  select o.name
  from storage.objects o
  where o.bucket_id = 'support-attachments'
    and o.created_at < private.now() - make_interval(hours => private.support_limit('orphan_grace_hours'))
    and not exists (select from public.support_attachments a where a.object_path = o.name)
  order by o.created_at, o.name
  limit lim
$$;

revoke all on function private.support_attachment_orphans(integer) from public, anon, authenticated, service_role;

-- The job: one Storage delete request for a batch of orphans (none: nothing sent, nothing audited),
-- audited with the count per tenant and the pg_net request id.
create function private.job_support_attachment_sweep(payload jsonb, job jsonb) returns void
    language plpgsql security definer
    set search_path to ''
    as $$
declare
  v_names text[];
  v_base text;
  v_key text;
  v_request bigint;
begin
  select array_agg(n) into v_names from private.support_attachment_orphans(private.support_limit('sweep_batch')) n;
  if v_names is null then
    return;
  end if;
  select t.base_url, t.service_key into v_base, v_key from private.edge_function_target() t;
  v_request := net.http_delete(
    url := v_base || '/storage/v1/object/support-attachments',
    headers := jsonb_build_object('Authorization', 'Bearer ' || v_key, 'apikey', v_key, 'Content-Type', 'application/json'),
    body := jsonb_build_object('prefixes', to_jsonb(v_names)),
    timeout_milliseconds := 60000);
  perform audit.record('support.attachment_sweep', 'storage_bucket', 'support-attachments', null,
    jsonb_build_object('removed', cardinality(v_names), 'request_id', v_request,
      'tenants', (select jsonb_object_agg(t, c) from (select split_part(n, '/', 1) t, count(*) c from unnest(v_names) n group by 1) x)),
    null, format('unattached uploads older than %s hours', private.support_limit('orphan_grace_hours')));
end
$$;

revoke all on function private.job_support_attachment_sweep(jsonb, jsonb) from public, anon, authenticated, service_role;

select private.register_job_handler('support.attachment_sweep', 'private.job_support_attachment_sweep(jsonb, jsonb)'::regprocedure, null, null,
  'removes support attachments uploaded but never attached (older than 24 h) through the Storage API');

select private.declare_schedule('support.attachment_sweep', '23 * * * *',
  'select private.enqueue(''maintenance'', ''support.attachment_sweep'', ''{}''::jsonb, ''support.attachment_sweep:'' || to_char(now() at time zone ''UTC'', ''YYYY-MM-DD"T"HH24''))',
  'hourly: removes support attachments uploaded but never attached (older than 24 h) through the Storage API');
