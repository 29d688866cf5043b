CREATE TABLE public.permissions (
    code text NOT NULL,
    description jsonb NOT NULL,
    CONSTRAINT permissions_code_check CHECK ((code ~ '^[a-z_]+\.[a-z_]+$'::text)),
    CONSTRAINT permissions_description_check CHECK ((description ? 'en'::text))
);

COMMENT ON TABLE public.permissions IS 'The HQ permission catalogue (area.action, e.g. tenants.write); code-owned reference data, read by staff in an MFA session.';
COMMENT ON COLUMN public.permissions.code IS 'Permission code: area.action in lower case.';
COMMENT ON COLUMN public.permissions.description IS 'What it allows, by language {"en": …, "ar": …}.';

ALTER TABLE ONLY public.permissions
    ADD CONSTRAINT permissions_pkey PRIMARY KEY (code);

ALTER TABLE public.permissions ENABLE ROW LEVEL SECURITY;

create policy "staff read the permission catalogue" on public.permissions for select to hq_staff
  using ((( SELECT private.current_staff_role() AS current_staff_role) IS NOT NULL) AND ( SELECT private.is_mfa_session() AS is_mfa_session));

REVOKE ALL ON TABLE public.permissions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.permissions TO authenticated;
GRANT ALL ON TABLE public.permissions TO service_role;

INSERT INTO public.permissions (code, description) VALUES
	('tenants.read', '{"ar": "عرض المستأجرين", "en": "See tenants and their context"}'),
	('tenants.write', '{"ar": "إنشاء وتعديل المستأجرين", "en": "Create and edit tenants"}'),
	('tenants.lifecycle', '{"ar": "إدارة دورة حياة المستأجرين", "en": "Approve, activate, suspend, archive tenants"}'),
	('staff.read', '{"ar": "عرض فريق المقر", "en": "See HQ staff"}'),
	('staff.manage', '{"ar": "إدارة فريق المقر", "en": "Invite, disable and change roles of HQ staff"}'),
	('audit.read', '{"ar": "قراءة سجل التدقيق", "en": "Read the audit log"}'),
	('impersonate.start', '{"ar": "انتحال هوية مستأجر للدعم", "en": "Impersonate a tenant for support"}'),
	('plans.read', '{"ar": "عرض الخطط", "en": "See plans and entitlements"}'),
	('plans.write', '{"ar": "تعديل الخطط", "en": "Edit plans, grants and add-ons"}'),
	('billing.read', '{"ar": "عرض الفواتير", "en": "See subscriptions and invoices"}'),
	('billing.write', '{"ar": "إدارة الفواتير", "en": "Manage subscriptions, invoices, coupons"}'),
	('flags.read', '{"ar": "عرض أعلام الميزات", "en": "See feature flags"}'),
	('flags.write', '{"ar": "تعديل أعلام الميزات", "en": "Change feature flags"}'),
	('workflows.read', '{"ar": "عرض سير العمل", "en": "See workflow templates"}'),
	('workflows.write', '{"ar": "تعديل سير العمل", "en": "Edit and publish workflow templates"}'),
	('catalogs.read', '{"ar": "عرض الكتالوجات", "en": "See catalogs"}'),
	('catalogs.write', '{"ar": "تعديل الكتالوجات", "en": "Edit and sync catalogs"}'),
	('jobs.read', '{"ar": "عرض المهام", "en": "See queues, jobs and schedules"}'),
	('jobs.operate', '{"ar": "تشغيل المهام", "en": "Retry, discard, pause and resume jobs"}'),
	('settings.read', '{"ar": "عرض الإعدادات", "en": "See platform settings"}'),
	('settings.write', '{"ar": "تعديل الإعدادات", "en": "Change platform settings"}'),
	('support.read', '{"ar": "عرض تذاكر الدعم", "en": "See support tickets"}'),
	('support.write', '{"ar": "معالجة تذاكر الدعم", "en": "Work support tickets"}'),
	('compliance.export', '{"ar": "تصدير أدلة الامتثال", "en": "Export audit and compliance evidence"}'),
	('impersonate.full', '{"ar": "انتحال هوية مستأجر مع صلاحية الكتابة", "en": "Impersonate a tenant with write access"}'),
	('analytics.read', '{"ar": "عرض التحليلات والتقارير", "en": "See KPIs, reports and daily snapshots"}'),
	('analytics.write', '{"ar": "إدارة إعدادات التحليلات", "en": "Set exchange rates, unit costs and analytics settings; back-fill snapshots"}');
