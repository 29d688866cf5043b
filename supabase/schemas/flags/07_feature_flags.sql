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

ALTER TABLE ONLY public.feature_flags
    ADD CONSTRAINT feature_flags_pkey PRIMARY KEY (key);

CREATE INDEX feature_flags_updated_by_idx ON public.feature_flags USING btree (updated_by);

ALTER TABLE ONLY public.feature_flags
    ADD CONSTRAINT feature_flags_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE public.feature_flags ENABLE ROW LEVEL SECURITY;

CREATE POLICY "staff read flags" ON public.feature_flags FOR SELECT TO authenticated USING (( SELECT private.has_permission('flags.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.feature_flags FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.feature_flags TO authenticated;
GRANT ALL ON TABLE public.feature_flags TO service_role;
