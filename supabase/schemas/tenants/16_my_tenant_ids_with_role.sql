CREATE FUNCTION private.my_tenant_ids_with_role(roles text[]) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- HQ staff have no memberships (issue 12 §1): skip the lookup, the answer is the same.
  if current_setting('role') = 'hq_staff' then return; end if;
  return query select m.tenant_id from public.tenant_members m where m.user_id = auth.uid() and m.role = any (roles);
end
$$;

REVOKE ALL ON FUNCTION private.my_tenant_ids_with_role(roles text[]) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.my_tenant_ids_with_role(roles text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids_with_role(roles text[]) TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids_with_role(roles text[]) TO service_role;

-- The planner-visible companion of my_tenant_ids_with_role, as private.my_tenant_ids_array is of
-- my_tenant_ids (docs/rls-performance.md): a policy arm
-- `tenant_id = any (private.my_tenant_ids_with_role_array(array[…]))` is estimated at the caller's
-- own rows and read through the (tenant_id, …) index; it follows the once-per-statement
-- `= any (array(select private.my_tenant_ids_with_role(…)))` arm.
CREATE FUNCTION private.my_tenant_ids_with_role_array(roles text[]) RETURNS uuid[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  -- plpgsql (keeps its plan across the planner's calls); HQ staff have no memberships (issue 12 §1).
  if current_setting('role') = 'hq_staff' then return '{}'; end if;
  return (select coalesce(array_agg(m.tenant_id), '{}') from public.tenant_members m
          where m.user_id = auth.uid() and m.role = any (roles));
end
$$;

REVOKE ALL ON FUNCTION private.my_tenant_ids_with_role_array(roles text[]) FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.my_tenant_ids_with_role_array(roles text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_tenant_ids_with_role_array(roles text[]) TO authenticated;
GRANT ALL ON FUNCTION private.my_tenant_ids_with_role_array(roles text[]) TO service_role;
COMMENT ON FUNCTION private.my_tenant_ids_with_role_array(roles text[]) IS 'The caller''s tenant ids where their role is one of roles, as an array (row policies: lets the planner estimate the caller''s rows).';
