CREATE FUNCTION private.tenant_members_count_users() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  decision jsonb;
begin
  if tg_op = 'DELETE' then
    if exists (select from public.tenant_plans p where p.tenant_id = old.tenant_id) then
      perform private.sync_member_count(old.tenant_id);
    end if;
    return null;
  end if;
  if not exists (select from public.tenant_plans p where p.tenant_id = new.tenant_id) then
    return null;  -- not on a plan yet: nothing to count against
  end if;
  if private.current_entitlements(new.tenant_id) ->> 'status_restriction' in ('suspended', 'frozen', 'inactive') then
    perform private.sync_member_count(new.tenant_id);  -- counted, not refused: see the header
    return null;
  end if;
  perform private.sync_member_count(new.tenant_id, new.user_id);
  decision := private.increment_usage(new.tenant_id, 'max_users', 1);
  if decision ->> 'outcome' = 'blocked' then
    perform private.raise_limit_reached(decision);
  end if;
  return null;
end
$$;

CREATE FUNCTION private.tenant_members_not_staff() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.lock_identity(new.user_id);
  if exists (select from public.platform_staff s where s.user_id = new.user_id) then
    perform private.fail('tenant.member_is_staff', 'an HQ staff account cannot be a tenant member');
  end if;
  return new;
end
$$;

CREATE TABLE public.tenant_members (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_members_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'operator'::text, 'viewer'::text])))
);

COMMENT ON TABLE public.tenant_members IS 'Users of a tenant and their role; HQ staff accounts cannot be members. Counted against the max_users limit. Members see their tenant''s members, tenants.read staff see all.';
COMMENT ON COLUMN public.tenant_members.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.tenant_members.user_id IS 'The member''s auth user.';
COMMENT ON COLUMN public.tenant_members.role IS 'owner, admin, operator or viewer (what the member may change).';
COMMENT ON COLUMN public.tenant_members.created_at IS 'When the user joined.';

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_pkey PRIMARY KEY (tenant_id, user_id);

CREATE INDEX tenant_members_user_idx ON public.tenant_members USING btree (user_id);

CREATE TRIGGER tenant_members_count_users AFTER INSERT OR DELETE ON public.tenant_members FOR EACH ROW EXECUTE FUNCTION private.tenant_members_count_users();

CREATE TRIGGER tenant_members_not_staff BEFORE INSERT OR UPDATE OF user_id ON public.tenant_members FOR EACH ROW EXECUTE FUNCTION private.tenant_members_not_staff();

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.tenant_members
    ADD CONSTRAINT tenant_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE public.tenant_members ENABLE ROW LEVEL SECURITY;

create policy "members see their tenant's members; staff see all" on public.tenant_members for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: members see their tenant's members; staff see all" on public.tenant_members for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON FUNCTION private.tenant_members_count_users() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_members_count_users() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.tenant_members_not_staff() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.tenant_members_not_staff() FROM PUBLIC;

REVOKE ALL ON TABLE public.tenant_members FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_members TO authenticated;
GRANT ALL ON TABLE public.tenant_members TO service_role;
