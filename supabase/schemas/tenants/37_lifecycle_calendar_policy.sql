CREATE TABLE public.lifecycle_calendar_policy (
    id boolean DEFAULT true NOT NULL,
    trial_reminder_days integer[] DEFAULT '{7,3,1}'::integer[] NOT NULL,
    trial_grace_days integer DEFAULT 7 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT lifecycle_calendar_policy_id_check CHECK (id),
    CONSTRAINT lifecycle_calendar_policy_trial_grace_days_check CHECK (((trial_grace_days >= 0) AND (trial_grace_days <= 90))),
    CONSTRAINT lifecycle_calendar_policy_trial_reminder_days_check CHECK (cardinality(trial_reminder_days) BETWEEN 0 AND 10 AND 0 < ALL (trial_reminder_days) AND 366 > ALL (trial_reminder_days))
);

COMMENT ON COLUMN public.lifecycle_calendar_policy.id IS 'Always true: the table holds exactly one row.';
COMMENT ON COLUMN public.lifecycle_calendar_policy.trial_reminder_days IS 'Days before the trial ends on which a reminder is queued (up to 10 values, each 1-365).';
COMMENT ON COLUMN public.lifecycle_calendar_policy.trial_grace_days IS 'Days (0-90) a trial that ended without a chargeable subscription stays in grace before suspension.';
COMMENT ON COLUMN public.lifecycle_calendar_policy.updated_at IS 'When the policy last changed.';

ALTER TABLE ONLY public.lifecycle_calendar_policy
    ADD CONSTRAINT lifecycle_calendar_policy_pkey PRIMARY KEY (id);

ALTER TABLE public.lifecycle_calendar_policy ENABLE ROW LEVEL SECURITY;

create policy "staff read the calendar policy" on public.lifecycle_calendar_policy for select to hq_staff
  using (( SELECT private.has_permission('tenants.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.lifecycle_calendar_policy FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.lifecycle_calendar_policy TO authenticated;
GRANT ALL ON TABLE public.lifecycle_calendar_policy TO service_role;

COMMENT ON TABLE public.lifecycle_calendar_policy IS 'When the lifecycle calendar reminds trial tenants (days before the trial ends) and how long a trial that ended without a chargeable subscription stays in grace before suspension.';
