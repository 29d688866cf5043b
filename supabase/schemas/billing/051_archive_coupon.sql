-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.archive_coupon, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.archive_coupon(coupon_id uuid, reason text) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.archive_coupon(coupon_id, reason) $$;

CREATE FUNCTION private.archive_coupon(coupon_id uuid, reason text) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  c public.coupons;
begin
  perform private.assert_permission('billing.write');
  perform private.assert_reason(reason);
  select * into c from public.coupons x where x.id = archive_coupon.coupon_id for update;
  if c.id is null then
    perform private.fail('billing.coupon_not_found', 'no such coupon');
  end if;
  if c.status = 'archived' then
    perform private.fail('billing.coupon_archived', format('coupon %s is archived already', c.code));
  end if;
  update public.coupons x set status = 'archived' where x.id = c.id;
  perform audit.record('coupon.archive', 'coupon', c.id::text, jsonb_build_object('status', c.status), jsonb_build_object('status', 'archived'), null, reason);
  return to_jsonb(c) || jsonb_build_object('status', 'archived');
end
$$;

REVOKE ALL ON FUNCTION public.archive_coupon(coupon_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.archive_coupon(coupon_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.archive_coupon(coupon_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION public.archive_coupon(coupon_id uuid, reason text) TO service_role;

COMMENT ON FUNCTION public.archive_coupon(coupon_id uuid, reason text) IS 'Archives a coupon: it can no longer be applied; existing discounts stay (billing.write, with a reason code; audited).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.archive_coupon(coupon_id uuid, reason text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.archive_coupon(coupon_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.archive_coupon(coupon_id uuid, reason text) TO authenticated;
GRANT ALL ON FUNCTION private.archive_coupon(coupon_id uuid, reason text) TO service_role;
