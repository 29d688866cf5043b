-- The exposed entry point (SECURITY INVOKER, the signature PostgREST publishes): it calls
-- private.invite_staff, the SECURITY DEFINER body below, so no definer code sits in the exposed schema.
CREATE FUNCTION public.invite_staff(email text, role text, display_name text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE sql
    SET search_path TO ''
    AS $$ select private.invite_staff(email, role, display_name) $$;

CREATE FUNCTION private.invite_staff(email text, role text, display_name text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  normalized text := lower(trim(invite_staff.email));
  new_user uuid := extensions.gen_random_uuid();
  member public.platform_staff;
begin
  perform private.assert_permission('staff.manage');
  if normalized is null or normalized !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform private.fail('staff.invalid_email', format('%L is not an email address', invite_staff.email));
  end if;
  if not exists (select from public.platform_roles where code = invite_staff.role) then
    perform private.fail('staff.unknown_role', format('unknown role %L', invite_staff.role),
      (select 'roles: ' || string_agg(code, ', ' order by sort_order) from public.platform_roles));
  end if;
  if exists (select from public.platform_staff s where s.email = normalized) then
    perform private.fail('staff.already_exists', format('%s is already HQ staff', normalized));
  end if;
  -- An existing account comes with someone's password and factors: HQ never adopts it.
  if exists (select from auth.users u where lower(u.email) = normalized) then
    perform private.fail('staff.email_unavailable', format('%s cannot be invited to HQ', normalized));
  end if;

  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
                          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  values ('00000000-0000-0000-0000-000000000000', new_user, 'authenticated', 'authenticated', normalized, '',
          now(), now(), '{"provider":"email","providers":["email"]}',
          jsonb_build_object('display_name', invite_staff.display_name), now(), now());
  insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
  values (new_user::text, new_user, jsonb_build_object('sub', new_user::text, 'email', normalized), 'email', now(), now());

  insert into public.platform_staff (user_id, email, display_name, role_code, status, invited_by)
  values (new_user, normalized, invite_staff.display_name, invite_staff.role, 'invited', auth.uid())
  returning * into member;
  perform audit.record('staff.invite', 'staff', new_user::text, null, private.staff_json(member));
  return new_user;
end
$_$;

REVOKE ALL ON FUNCTION public.invite_staff(email text, role text, display_name text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION public.invite_staff(email text, role text, display_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.invite_staff(email text, role text, display_name text) TO authenticated;
GRANT ALL ON FUNCTION public.invite_staff(email text, role text, display_name text) TO service_role;

COMMENT ON FUNCTION public.invite_staff(email text, role text, display_name text) IS 'Invites an HQ staff member (staff.manage): a new account with no password, never an existing one (staff.email_unavailable).';

-- The body is callable by the roles that may call the wrapper, and by no one else.
REVOKE ALL ON FUNCTION private.invite_staff(email text, role text, display_name text) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.invite_staff(email text, role text, display_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.invite_staff(email text, role text, display_name text) TO authenticated;
GRANT ALL ON FUNCTION private.invite_staff(email text, role text, display_name text) TO service_role;
