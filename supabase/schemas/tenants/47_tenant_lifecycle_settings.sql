CREATE TABLE public.tenant_lifecycle_settings (
    id boolean DEFAULT true NOT NULL,
    churn_after_days integer DEFAULT 90 NOT NULL,
    default_trial_days integer DEFAULT 14 NOT NULL,
    CONSTRAINT tenant_lifecycle_settings_churn_after_days_check CHECK (((churn_after_days >= 0) AND (churn_after_days <= 3650))),
    CONSTRAINT tenant_lifecycle_settings_default_trial_days_check CHECK (((default_trial_days >= 1) AND (default_trial_days <= 365))),
    CONSTRAINT tenant_lifecycle_settings_id_check CHECK (id)
);

COMMENT ON TABLE public.tenant_lifecycle_settings IS 'Lifecycle durations (one row): default trial length and when a suspended tenant counts as churned.';
COMMENT ON COLUMN public.tenant_lifecycle_settings.id IS 'Always true: the table holds exactly one row.';
COMMENT ON COLUMN public.tenant_lifecycle_settings.churn_after_days IS 'Days (0-3650) a tenant stays suspended before the calendar marks it churned.';
COMMENT ON COLUMN public.tenant_lifecycle_settings.default_trial_days IS 'Trial length in days (1-365) when the plan sets none.';

ALTER TABLE ONLY public.tenant_lifecycle_settings
    ADD CONSTRAINT tenant_lifecycle_settings_pkey PRIMARY KEY (id);

ALTER TABLE public.tenant_lifecycle_settings ENABLE ROW LEVEL SECURITY;

create policy "staff read lifecycle settings" on public.tenant_lifecycle_settings for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.tenant_lifecycle_settings FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_lifecycle_settings TO authenticated;
GRANT ALL ON TABLE public.tenant_lifecycle_settings TO service_role;
