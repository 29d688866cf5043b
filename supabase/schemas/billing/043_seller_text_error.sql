CREATE FUNCTION private.seller_text_error(v jsonb, field text, max_len integer, required boolean) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if v is null or jsonb_typeof(v) <> 'object' then
    return format('%s: an object {en, ar}', field);
  end if;
  if exists (select from jsonb_each(v) x where x.key not in ('en', 'ar') or jsonb_typeof(x.value) <> 'string' or length(x.value #>> '{}') > max_len) then
    return format('%s: only en and ar, texts of at most %s characters', field, max_len);
  end if;
  if required and coalesce(btrim(v ->> 'en'), '') = '' then
    return format('%s.en is required', field);
  end if;
  return null;
end
$$;

REVOKE ALL ON FUNCTION private.seller_text_error(v jsonb, field text, max_len integer, required boolean) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.seller_text_error(v jsonb, field text, max_len integer, required boolean) FROM PUBLIC;
