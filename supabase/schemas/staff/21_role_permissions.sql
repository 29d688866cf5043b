CREATE TABLE public.role_permissions (
    role_code text NOT NULL,
    permission_code text NOT NULL
);

COMMENT ON TABLE public.role_permissions IS 'Which permissions each HQ role has (the role matrix); code-owned reference data, read by staff in an MFA session.';
COMMENT ON COLUMN public.role_permissions.role_code IS 'The role.';
COMMENT ON COLUMN public.role_permissions.permission_code IS 'A permission the role has.';

ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT role_permissions_pkey PRIMARY KEY (role_code, permission_code);

CREATE INDEX role_permissions_permission_idx ON public.role_permissions USING btree (permission_code);

ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT role_permissions_permission_code_fkey FOREIGN KEY (permission_code) REFERENCES public.permissions(code) ON DELETE CASCADE;

ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT role_permissions_role_code_fkey FOREIGN KEY (role_code) REFERENCES public.platform_roles(code) ON DELETE CASCADE;

ALTER TABLE public.role_permissions ENABLE ROW LEVEL SECURITY;

create policy "staff read the role matrix" on public.role_permissions for select to hq_staff
  using ((( SELECT private.current_staff_role() AS current_staff_role) IS NOT NULL) AND ( SELECT private.is_mfa_session() AS is_mfa_session));

REVOKE ALL ON TABLE public.role_permissions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.role_permissions TO authenticated;
GRANT ALL ON TABLE public.role_permissions TO service_role;

INSERT INTO public.role_permissions (role_code, permission_code) VALUES
	('super_admin', 'tenants.read'),
	('super_admin', 'tenants.write'),
	('super_admin', 'tenants.lifecycle'),
	('super_admin', 'staff.read'),
	('super_admin', 'staff.manage'),
	('super_admin', 'audit.read'),
	('super_admin', 'impersonate.start'),
	('super_admin', 'plans.read'),
	('super_admin', 'plans.write'),
	('super_admin', 'billing.read'),
	('super_admin', 'billing.write'),
	('super_admin', 'flags.read'),
	('super_admin', 'flags.write'),
	('super_admin', 'workflows.read'),
	('super_admin', 'workflows.write'),
	('super_admin', 'catalogs.read'),
	('super_admin', 'catalogs.write'),
	('super_admin', 'jobs.read'),
	('super_admin', 'jobs.operate'),
	('super_admin', 'settings.read'),
	('super_admin', 'settings.write'),
	('super_admin', 'support.read'),
	('super_admin', 'support.write'),
	('super_admin', 'compliance.export'),
	('tech_admin', 'tenants.read'),
	('tech_admin', 'workflows.read'),
	('tech_admin', 'workflows.write'),
	('tech_admin', 'catalogs.read'),
	('tech_admin', 'catalogs.write'),
	('tech_admin', 'flags.read'),
	('tech_admin', 'flags.write'),
	('tech_admin', 'settings.read'),
	('tech_admin', 'settings.write'),
	('tech_admin', 'jobs.read'),
	('tech_admin', 'jobs.operate'),
	('tech_admin', 'plans.read'),
	('tech_admin', 'staff.read'),
	('biz_admin', 'tenants.read'),
	('biz_admin', 'tenants.write'),
	('biz_admin', 'tenants.lifecycle'),
	('biz_admin', 'plans.read'),
	('biz_admin', 'plans.write'),
	('biz_admin', 'billing.read'),
	('biz_admin', 'billing.write'),
	('biz_admin', 'flags.read'),
	('biz_admin', 'staff.read'),
	('support', 'tenants.read'),
	('support', 'support.read'),
	('support', 'support.write'),
	('support', 'impersonate.start'),
	('support', 'plans.read'),
	('support', 'billing.read'),
	('support', 'workflows.read'),
	('support', 'catalogs.read'),
	('auditor', 'tenants.read'),
	('auditor', 'staff.read'),
	('auditor', 'audit.read'),
	('auditor', 'plans.read'),
	('auditor', 'billing.read'),
	('auditor', 'flags.read'),
	('auditor', 'workflows.read'),
	('auditor', 'catalogs.read'),
	('auditor', 'jobs.read'),
	('auditor', 'settings.read'),
	('auditor', 'support.read'),
	('auditor', 'compliance.export'),
	('super_admin', 'impersonate.full'),
	('super_admin', 'analytics.read'),
	('super_admin', 'analytics.write'),
	('biz_admin', 'analytics.read'),
	('biz_admin', 'analytics.write'),
	('auditor', 'analytics.read');
