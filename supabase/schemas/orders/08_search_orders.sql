-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.search_orders, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.search_orders(query text, for_tenant uuid DEFAULT NULL::uuid, max_rows integer DEFAULT 50) RETURNS TABLE(id uuid, tenant_id uuid, tenant_slug text, number text, customer_name text, customer_phone text, service_category text, current_stage text, stage_entered_at timestamp with time zone, created_at timestamp with time zone)
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select * from private.search_orders(query, for_tenant, max_rows) $$;

CREATE FUNCTION private.search_orders(query text, for_tenant uuid DEFAULT NULL::uuid, max_rows integer DEFAULT 50) RETURNS TABLE(id uuid, tenant_id uuid, tenant_slug text, number text, customer_name text, customer_phone text, service_category text, current_stage text, stage_entered_at timestamp with time zone, created_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  q text := lower(trim(coalesce(query, '')));
  digits text := regexp_replace(coalesce(query, ''), '[^0-9]', '', 'g');
  conds text[] := '{}';
  where_sql text;
  sql text;
  broad_at constant int := 500;
  hits int;
  bitmap_setting text;
  found_rows bigint;
begin
  if not (private.is_trusted_caller() or private.has_permission('support.read') or private.has_permission('tenants.read')) then
    perform private.assert_permission('support.read');
  end if;
  if max_rows is null or max_rows not between 1 and 500 then
    perform private.fail('orders.invalid_limit', 'max_rows is 1 to 500');
  end if;
  if length(q) < 3 and for_tenant is null then
    perform private.fail('orders.search_too_short', 'search needs at least 3 characters, or a tenant');
  end if;
  if length(q) > 100 then
    perform private.fail('orders.search_too_long', 'search text is at most 100 characters');
  end if;
  if q <> '' then
    conds := conds || format('lower(o.number) like %L', replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_') || '%');
    if length(digits) >= 3 then
      conds := conds || format('o.phone_digits like %L', '%' || digits || '%');
    end if;
    if length(q) >= 3 or search_orders.for_tenant is not null then
      conds := conds || format('lower(o.customer_name) like %L', '%' || replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_') || '%');
    end if;
  end if;
  where_sql := 'true'
      || case when search_orders.for_tenant is not null then format(' and o.tenant_id = %L', search_orders.for_tenant) else '' end
      || case when cardinality(conds) > 0 then ' and (' || array_to_string(conds, ' or ') || ')' else '' end;
  sql := 'select o.id, o.tenant_id, t.slug, o.number, o.customer_name, o.customer_phone, o.service_category, o.current_stage, '
      || 'o.stage_entered_at, o.created_at from public.orders o join public.tenants t on t.id = o.tenant_id where '
      || where_sql || format(' order by o.created_at desc limit %s', max_rows);
  -- A broad term (a common surname) matches thousands of orders: fetching them all through the
  -- trigram index and sorting is slow, while walking orders newest-first finds max_rows matches
  -- almost at once. A rare term is the opposite. Count matches up to a cap to tell which.
  execute format('select count(*) from (select 1 from public.orders o where %s limit %s) hits', where_sql, broad_at) into hits;
  if hits >= broad_at then
    bitmap_setting := current_setting('enable_bitmapscan');
    perform set_config('enable_bitmapscan', 'off', true);
  end if;
  return query execute sql;
  get diagnostics found_rows = row_count;
  if bitmap_setting is not null then
    perform set_config('enable_bitmapscan', bitmap_setting, true);
  end if;
  -- Reading customer data across tenants is audited: who searched, for what, where, how much came back.
  perform audit.record('orders.search', 'order_search', null, null,
    jsonb_build_object('query', search_orders.query, 'for_tenant', search_orders.for_tenant,
                       'max_rows', search_orders.max_rows, 'result_count', found_rows),
    search_orders.for_tenant);
end
$$;

REVOKE ALL ON FUNCTION public.search_orders(query text, for_tenant uuid, max_rows integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.search_orders(query text, for_tenant uuid, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.search_orders(query text, for_tenant uuid, max_rows integer) TO authenticated;
GRANT ALL ON FUNCTION public.search_orders(query text, for_tenant uuid, max_rows integer) TO service_role;

COMMENT ON FUNCTION public.search_orders(query text, for_tenant uuid, max_rows integer) IS 'HQ support search over orders by number prefix, phone digits or customer name (support.read or tenants.read); every call is audited as orders.search with the term, tenant filter and result count.';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.search_orders(query text, for_tenant uuid, max_rows integer) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.search_orders(query text, for_tenant uuid, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.search_orders(query text, for_tenant uuid, max_rows integer) TO authenticated;
GRANT ALL ON FUNCTION private.search_orders(query text, for_tenant uuid, max_rows integer) TO service_role;
