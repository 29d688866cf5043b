CREATE FUNCTION private.interval_label(billing_interval text) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  return case interval_label.billing_interval when 'year' then '{"en":"yearly","ar":"سنوي"}'::jsonb else '{"en":"monthly","ar":"شهري"}'::jsonb end;
end
$$;

REVOKE ALL ON FUNCTION private.interval_label(billing_interval text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.interval_label(billing_interval text) FROM PUBLIC;
