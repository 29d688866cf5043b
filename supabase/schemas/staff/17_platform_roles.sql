CREATE TABLE public.platform_roles (
    code text NOT NULL,
    name jsonb NOT NULL,
    description jsonb DEFAULT '{}'::jsonb NOT NULL,
    read_only boolean DEFAULT false NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    CONSTRAINT platform_roles_code_check CHECK ((code ~ '^[a-z_]+$'::text)),
    CONSTRAINT platform_roles_name_check CHECK ((name ? 'en'::text))
);

COMMENT ON TABLE public.platform_roles IS 'HQ staff roles (super_admin, support, billing…); what each may do is in role_permissions. Code-owned reference data, read by staff in an MFA session.';
COMMENT ON COLUMN public.platform_roles.code IS 'Role code: lower-case letters and underscores.';
COMMENT ON COLUMN public.platform_roles.name IS 'Display name by language; English required.';
COMMENT ON COLUMN public.platform_roles.description IS 'Description by language.';
COMMENT ON COLUMN public.platform_roles.read_only IS 'True for roles that change nothing (auditors).';
COMMENT ON COLUMN public.platform_roles.sort_order IS 'Display order.';

ALTER TABLE ONLY public.platform_roles
    ADD CONSTRAINT platform_roles_pkey PRIMARY KEY (code);

ALTER TABLE public.platform_roles ENABLE ROW LEVEL SECURITY;

create policy "staff read the role catalogue" on public.platform_roles for select to hq_staff
  using ((( SELECT private.current_staff_role() AS current_staff_role) IS NOT NULL) AND ( SELECT private.is_mfa_session() AS is_mfa_session));

REVOKE ALL ON TABLE public.platform_roles FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.platform_roles TO authenticated;
GRANT ALL ON TABLE public.platform_roles TO service_role;

INSERT INTO public.platform_roles (code, name, description, read_only, sort_order) VALUES
	('super_admin', '{"ar": "مشرف عام", "en": "Super admin"}', '{"en": "Everything, including staff and role management"}', false, 1),
	('tech_admin', '{"ar": "مشرف تقني", "en": "Technical admin"}', '{"en": "Workflows, catalogs, feature flags, settings, jobs, integrations"}', false, 2),
	('biz_admin', '{"ar": "مشرف أعمال", "en": "Business admin"}', '{"en": "Tenants, plans, subscriptions, invoices, coupons, dunning"}', false, 3),
	('support', '{"ar": "الدعم", "en": "Support"}', '{"en": "Tickets, tenant context, time-limited impersonation"}', true, 4),
	('auditor', '{"ar": "مدقق", "en": "Auditor"}', '{"en": "Read-only everywhere, audit log and compliance exports"}', true, 5);
