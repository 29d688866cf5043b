CREATE FUNCTION private.plans_check_tier() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if new.tier not between 0 and 100 then
    perform private.fail('plans.invalid', 'the plan is not valid', 'tier: 0–100');
  end if;
  return new;
end
$$;

CREATE TABLE public.plans (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    code text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    name jsonb NOT NULL,
    description jsonb DEFAULT '{}'::jsonb NOT NULL,
    tier integer DEFAULT 0 NOT NULL,
    trial_days integer DEFAULT 0 NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    is_current boolean DEFAULT true NOT NULL,
    is_default boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    CONSTRAINT plans_code_check CHECK ((code ~ '^[a-z][a-z0-9_]*$'::text)),
    CONSTRAINT plans_description_check CHECK ((jsonb_typeof(description) = 'object'::text)),
    CONSTRAINT plans_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text))),
    CONSTRAINT plans_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text]))),
    CONSTRAINT plans_trial_days_check CHECK (((trial_days >= 0) AND (trial_days <= 365))),
    CONSTRAINT plans_version_check CHECK ((version >= 1))
);

COMMENT ON TABLE public.plans IS 'Subscription plans, versioned: editing a plan with subscribers creates a new version (same code), and existing subscribers keep theirs. Written by public.save_plan (plans.write); every signed-in user may read them.';
COMMENT ON COLUMN public.plans.id IS 'Identifier of the plan version.';
COMMENT ON COLUMN public.plans.code IS 'Stable plan code shared by its versions.';
COMMENT ON COLUMN public.plans.version IS 'Version number (1, 2, …) within the code.';
COMMENT ON COLUMN public.plans.name IS 'Display name by language; English required.';
COMMENT ON COLUMN public.plans.description IS 'Description by language; may be empty.';
COMMENT ON COLUMN public.plans.tier IS 'Rank used to tell upgrades from downgrades (higher is bigger).';
COMMENT ON COLUMN public.plans.trial_days IS 'Free trial length in days (0-365) for a new subscriber.';
COMMENT ON COLUMN public.plans.status IS 'active (offered) or archived (kept for existing subscribers).';
COMMENT ON COLUMN public.plans.is_current IS 'True for the latest version of its code (the one offered).';
COMMENT ON COLUMN public.plans.is_default IS 'True for the plan new tenants get.';
COMMENT ON COLUMN public.plans.created_at IS 'When this version was created.';
COMMENT ON COLUMN public.plans.created_by IS 'Staff user who created it.';

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_code_version_key UNIQUE (code, version);

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_pkey PRIMARY KEY (id);

CREATE INDEX plans_created_by_idx ON public.plans USING btree (created_by);

CREATE UNIQUE INDEX plans_current_idx ON public.plans USING btree (code) WHERE is_current;

CREATE UNIQUE INDEX plans_default_idx ON public.plans USING btree (is_default) WHERE (is_default AND is_current);

CREATE TRIGGER plans_check_tier BEFORE INSERT OR UPDATE OF tier ON public.plans FOR EACH ROW EXECUTE FUNCTION private.plans_check_tier();

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE public.plans ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read plans" ON public.plans FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.plans FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.plans TO authenticated;
GRANT ALL ON TABLE public.plans TO service_role;

REVOKE ALL ON FUNCTION private.plans_check_tier() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.plans_check_tier() FROM PUBLIC;
