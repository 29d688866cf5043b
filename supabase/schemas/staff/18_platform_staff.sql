CREATE FUNCTION private.platform_staff_not_tenant_member() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform private.lock_identity(new.user_id);
  if exists (select from public.tenant_members m where m.user_id = new.user_id) then
    perform private.fail('staff.email_unavailable', 'this address cannot be invited to HQ');
  end if;
  return new;
end
$$;

CREATE TABLE public.platform_staff (
    user_id uuid NOT NULL,
    email text NOT NULL,
    display_name text,
    role_code text NOT NULL,
    status text DEFAULT 'invited'::text NOT NULL,
    invited_by uuid,
    invited_at timestamp with time zone DEFAULT now() NOT NULL,
    disabled_at timestamp with time zone,
    disabled_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    locale text DEFAULT 'ar'::text NOT NULL,
    CONSTRAINT platform_staff_locale_check CHECK ((locale = ANY (ARRAY['ar'::text, 'en'::text]))),
    CONSTRAINT platform_staff_status_check CHECK ((status = ANY (ARRAY['invited'::text, 'active'::text, 'disabled'::text])))
);

COMMENT ON TABLE public.platform_staff IS 'HQ staff accounts and their role: invited, then active once MFA is set, or disabled. Written by the staff functions (staff.manage); staff.read sees all, everyone sees their own row.';
COMMENT ON COLUMN public.platform_staff.user_id IS 'The staff member''s auth user (also the key).';
COMMENT ON COLUMN public.platform_staff.email IS 'Sign-in e-mail (unique).';
COMMENT ON COLUMN public.platform_staff.display_name IS 'Name shown in the console.';
COMMENT ON COLUMN public.platform_staff.role_code IS 'The staff member''s role.';
COMMENT ON COLUMN public.platform_staff.status IS 'invited, active or disabled.';
COMMENT ON COLUMN public.platform_staff.invited_by IS 'Staff user who sent the invitation.';
COMMENT ON COLUMN public.platform_staff.invited_at IS 'When the invitation was sent.';
COMMENT ON COLUMN public.platform_staff.disabled_at IS 'When the account was disabled.';
COMMENT ON COLUMN public.platform_staff.disabled_reason IS 'Why it was disabled.';
COMMENT ON COLUMN public.platform_staff.created_at IS 'When the row was created.';
COMMENT ON COLUMN public.platform_staff.locale IS 'Language of the messages the staff member receives (ar or en; Arabic by default); set with public.set_staff_locale.';
COMMENT ON COLUMN public.platform_staff.updated_at IS 'When it last changed.';

ALTER TABLE ONLY public.platform_staff
    ADD CONSTRAINT platform_staff_email_key UNIQUE (email);

ALTER TABLE ONLY public.platform_staff
    ADD CONSTRAINT platform_staff_pkey PRIMARY KEY (user_id);

CREATE INDEX platform_staff_invited_by_idx ON public.platform_staff USING btree (invited_by);

CREATE INDEX platform_staff_role_idx ON public.platform_staff USING btree (role_code);

CREATE TRIGGER platform_staff_not_tenant_member BEFORE INSERT OR UPDATE OF user_id ON public.platform_staff FOR EACH ROW EXECUTE FUNCTION private.platform_staff_not_tenant_member();

ALTER TABLE ONLY public.platform_staff
    ADD CONSTRAINT platform_staff_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.platform_staff
    ADD CONSTRAINT platform_staff_role_code_fkey FOREIGN KEY (role_code) REFERENCES public.platform_roles(code);

ALTER TABLE ONLY public.platform_staff
    ADD CONSTRAINT platform_staff_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE public.platform_staff ENABLE ROW LEVEL SECURITY;

create policy "staff.read sees staff; everyone sees themselves" on public.platform_staff for select to authenticated
  using (user_id = ( SELECT auth.uid() AS uid));

create policy "HQ: staff.read sees staff; everyone sees themselves" on public.platform_staff for select to hq_staff
  using (( SELECT private.has_permission('staff.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.platform_staff FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.platform_staff TO authenticated;
GRANT ALL ON TABLE public.platform_staff TO service_role;

REVOKE ALL ON FUNCTION private.platform_staff_not_tenant_member() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.platform_staff_not_tenant_member() FROM PUBLIC;
