CREATE TABLE public.auth_lockout_policy (
    id boolean DEFAULT true NOT NULL,
    max_failures integer DEFAULT 5 NOT NULL,
    window_minutes integer DEFAULT 15 NOT NULL,
    lock_minutes integer DEFAULT 15 NOT NULL,
    tenant_free_failures integer DEFAULT 5 NOT NULL,
    tenant_base_delay_seconds integer DEFAULT 30 NOT NULL,
    tenant_max_delay_minutes integer DEFAULT 15 NOT NULL,
    CONSTRAINT auth_lockout_policy_id_check CHECK (id),
    CONSTRAINT auth_lockout_policy_lock_minutes_check CHECK (((lock_minutes >= 1) AND (lock_minutes <= 1440))),
    CONSTRAINT auth_lockout_policy_max_failures_check CHECK (((max_failures >= 1) AND (max_failures <= 100))),
    CONSTRAINT auth_lockout_policy_tenant_base_delay_seconds_check CHECK (((tenant_base_delay_seconds >= 1) AND (tenant_base_delay_seconds <= 3600))),
    CONSTRAINT auth_lockout_policy_tenant_free_failures_check CHECK (((tenant_free_failures >= 1) AND (tenant_free_failures <= 100))),
    CONSTRAINT auth_lockout_policy_tenant_max_delay_minutes_check CHECK (((tenant_max_delay_minutes >= 1) AND (tenant_max_delay_minutes <= 1440))),
    CONSTRAINT auth_lockout_policy_window_minutes_check CHECK (((window_minutes >= 1) AND (window_minutes <= 1440)))
);

COMMENT ON TABLE public.auth_lockout_policy IS 'The sign-in throttling rules (one row): HQ staff are locked out after repeated failures; tenant users get a growing delay. Read by the auth hooks; staff.read sees it.';
COMMENT ON COLUMN public.auth_lockout_policy.id IS 'Always true: the table holds exactly one row.';
COMMENT ON COLUMN public.auth_lockout_policy.max_failures IS 'Failed staff sign-ins (1-100) within window_minutes that lock the account for that sign-in source.';
COMMENT ON COLUMN public.auth_lockout_policy.window_minutes IS 'Minutes (1-1440) over which staff failures are counted.';
COMMENT ON COLUMN public.auth_lockout_policy.lock_minutes IS 'Minutes (1-1440) a staff lock-out lasts, unless a staff.manage user unlocks it first.';
COMMENT ON COLUMN public.auth_lockout_policy.tenant_free_failures IS 'Failed tenant-user sign-ins (1-100) allowed before delays start.';
COMMENT ON COLUMN public.auth_lockout_policy.tenant_base_delay_seconds IS 'First delay in seconds (1-3600) after the free failures; it doubles with each further failure.';
COMMENT ON COLUMN public.auth_lockout_policy.tenant_max_delay_minutes IS 'Ceiling in minutes (1-1440) of the doubling tenant-user delay.';

ALTER TABLE ONLY public.auth_lockout_policy
    ADD CONSTRAINT auth_lockout_policy_pkey PRIMARY KEY (id);

ALTER TABLE public.auth_lockout_policy ENABLE ROW LEVEL SECURITY;

create policy "staff read the lock-out policy" on public.auth_lockout_policy for select to hq_staff
  using (( SELECT private.has_permission('staff.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.auth_lockout_policy FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.auth_lockout_policy TO authenticated;
GRANT ALL ON TABLE public.auth_lockout_policy TO service_role;
