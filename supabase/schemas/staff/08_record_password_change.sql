CREATE FUNCTION private.record_password_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if coalesce(new.encrypted_password, '') <> ''
     and (tg_op = 'INSERT' or new.encrypted_password is distinct from old.encrypted_password) then
    insert into private.password_changes (user_id, changed_at) values (new.id, clock_timestamp())
    on conflict (user_id) do update set changed_at = excluded.changed_at;
  end if;
  return null;
end
$$;

REVOKE ALL ON FUNCTION private.record_password_change() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.record_password_change() FROM PUBLIC;

-- GoTrue writes passwords into auth.users: record when each account's password last changed.
CREATE TRIGGER record_password_change AFTER INSERT OR UPDATE OF encrypted_password ON auth.users
    FOR EACH ROW EXECUTE FUNCTION private.record_password_change();
