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

ALTER TABLE ONLY public.dunning_policy
    ADD CONSTRAINT dunning_policy_pkey PRIMARY KEY (id);

ALTER TABLE public.dunning_policy ENABLE ROW LEVEL SECURITY;

CREATE POLICY "billing staff read the dunning policy" ON public.dunning_policy FOR SELECT TO authenticated USING (( SELECT private.has_permission('billing.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.dunning_policy FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.dunning_policy TO authenticated;
GRANT ALL ON TABLE public.dunning_policy TO service_role;
