CREATE TABLE public.feature_flags (
    key text NOT NULL,
    description jsonb DEFAULT '{}'::jsonb NOT NULL,
    killed boolean DEFAULT false NOT NULL,
    default_enabled boolean DEFAULT false NOT NULL,
    rules jsonb DEFAULT '[]'::jsonb NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid,
    CONSTRAINT feature_flags_description_check CHECK ((jsonb_typeof(description) = 'object'::text)),
    CONSTRAINT feature_flags_key_check CHECK ((key ~ '^[a-z][a-z0-9_]*([.-][a-z0-9_]+)*$'::text)),
    CONSTRAINT feature_flags_rules_check CHECK ((jsonb_typeof(rules) = 'array'::text))
);

COMMENT ON TABLE public.feature_flags IS 'Feature flags of the tenant apps: a default, targeting rules and a kill switch, evaluated by public.evaluate_flag. Written by flags.write staff (public.save_flag, public.set_flag_killed); read by flags.read staff.';
COMMENT ON COLUMN public.feature_flags.key IS 'Stable key: lower-case segments separated by dots or dashes (checkout.new_flow).';
COMMENT ON COLUMN public.feature_flags.description IS 'What the flag controls, by language {"en": …, "ar": …}.';
COMMENT ON COLUMN public.feature_flags.killed IS 'Kill switch: when true the flag is off for everyone, whatever the rules.';
COMMENT ON COLUMN public.feature_flags.default_enabled IS 'The answer when no rule matches.';
COMMENT ON COLUMN public.feature_flags.rules IS 'Ordered targeting rules (JSON array): the first matching rule (tenants, plans, countries, percentage rollout…) decides; size-capped.';
COMMENT ON COLUMN public.feature_flags.version IS 'Incremented on each save (optimistic concurrency for editors).';
COMMENT ON COLUMN public.feature_flags.updated_at IS 'When the flag last changed.';
COMMENT ON COLUMN public.feature_flags.updated_by IS 'Staff user who last changed it.';

ALTER TABLE ONLY public.feature_flags
    ADD CONSTRAINT feature_flags_pkey PRIMARY KEY (key);

CREATE INDEX feature_flags_updated_by_idx ON public.feature_flags USING btree (updated_by);

ALTER TABLE ONLY public.feature_flags
    ADD CONSTRAINT feature_flags_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE public.feature_flags ENABLE ROW LEVEL SECURITY;

create policy "staff read flags" on public.feature_flags for select to hq_staff
  using (( SELECT private.has_permission('flags.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.feature_flags FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.feature_flags TO authenticated;
GRANT ALL ON TABLE public.feature_flags TO service_role;
