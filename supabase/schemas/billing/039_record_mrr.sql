CREATE FUNCTION private.record_mrr(subscription_id uuid, mrr_before numeric) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  s public.subscriptions;
  mrr_after numeric := private.subscription_mrr(record_mrr.subscription_id);
  k text;
begin
  if mrr_after = mrr_before then
    return;
  end if;
  select * into s from public.subscriptions x where x.id = record_mrr.subscription_id;
  k := case when mrr_before = 0 then
              case when exists (select from public.mrr_movements m where m.tenant_id = s.tenant_id and m.kind = 'churn')
                   then 'reactivation' else 'new' end
            when mrr_after = 0 then 'churn'
            when mrr_after > mrr_before then 'expansion'
            else 'contraction' end;
  insert into public.mrr_movements (subscription_id, tenant_id, currency, kind, mrr_before, mrr_after, at)
  values (s.id, s.tenant_id, s.currency, k, mrr_before, mrr_after, private.now());
end
$$;

REVOKE ALL ON FUNCTION private.record_mrr(subscription_id uuid, mrr_before numeric) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.record_mrr(subscription_id uuid, mrr_before numeric) FROM PUBLIC;
