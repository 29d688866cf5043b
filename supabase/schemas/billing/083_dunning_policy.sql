CREATE TABLE public.dunning_policy (
    id integer DEFAULT 1 NOT NULL,
    retry_days integer[] DEFAULT '{1,3,5,7}'::integer[] NOT NULL,
    reminder_days integer[] DEFAULT '{0,3,7}'::integer[] NOT NULL,
    warn_after_days integer DEFAULT 3 NOT NULL,
    past_due_after_days integer DEFAULT 7 NOT NULL,
    suspend_after_days integer DEFAULT 14 NOT NULL,
    uncollectible_after_days integer DEFAULT 60 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT dunning_policy_id_check CHECK ((id = 1))
);

COMMENT ON TABLE public.dunning_policy IS 'How overdue invoices are pursued (one row): retry and reminder days and the escalation thresholds, in days after the due date. Set by public.set_dunning_policy (billing.write).';
COMMENT ON COLUMN public.dunning_policy.id IS 'Always 1: the table holds exactly one row.';
COMMENT ON COLUMN public.dunning_policy.retry_days IS 'Days after the due date on which the payment is retried.';
COMMENT ON COLUMN public.dunning_policy.reminder_days IS 'Days after the due date on which a reminder is sent (0: on the due date).';
COMMENT ON COLUMN public.dunning_policy.warn_after_days IS 'Days after the due date when the case moves to warned.';
COMMENT ON COLUMN public.dunning_policy.past_due_after_days IS 'Days after the due date when the subscription is put past due.';
COMMENT ON COLUMN public.dunning_policy.suspend_after_days IS 'Days after the due date when the tenant is suspended.';
COMMENT ON COLUMN public.dunning_policy.uncollectible_after_days IS 'Days after the due date when the invoice is written off as uncollectible.';
COMMENT ON COLUMN public.dunning_policy.updated_at IS 'When the policy last changed.';

ALTER TABLE ONLY public.dunning_policy
    ADD CONSTRAINT dunning_policy_pkey PRIMARY KEY (id);

ALTER TABLE public.dunning_policy ENABLE ROW LEVEL SECURITY;

create policy "billing staff read the dunning policy" on public.dunning_policy for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.dunning_policy FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.dunning_policy TO authenticated;
GRANT ALL ON TABLE public.dunning_policy TO service_role;
