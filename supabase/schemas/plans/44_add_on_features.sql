CREATE TABLE public.add_on_features (
    add_on_code text NOT NULL,
    feature_key text NOT NULL,
    value jsonb NOT NULL
);

COMMENT ON TABLE public.add_on_features IS 'What an add-on grants: one feature value per add-on and feature, added to the plan''s value when a tenant holds the add-on (HQ reference data; written by migrations and seeds).';
COMMENT ON COLUMN public.add_on_features.add_on_code IS 'The add-on (add_ons.code) granting the value.';
COMMENT ON COLUMN public.add_on_features.feature_key IS 'The feature (features.key) the add-on changes.';
COMMENT ON COLUMN public.add_on_features.value IS 'The value granted, in the feature''s type: a number added to a limit (per unit of quantity), true for a boolean, an enum value.';

ALTER TABLE ONLY public.add_on_features
    ADD CONSTRAINT add_on_features_pkey PRIMARY KEY (add_on_code, feature_key);

CREATE INDEX add_on_features_feature_idx ON public.add_on_features USING btree (feature_key);

ALTER TABLE ONLY public.add_on_features
    ADD CONSTRAINT add_on_features_add_on_code_fkey FOREIGN KEY (add_on_code) REFERENCES public.add_ons(code) ON DELETE CASCADE;

ALTER TABLE ONLY public.add_on_features
    ADD CONSTRAINT add_on_features_feature_key_fkey FOREIGN KEY (feature_key) REFERENCES public.features(key);

ALTER TABLE public.add_on_features ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read add-on features" ON public.add_on_features FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.add_on_features FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.add_on_features TO authenticated;
GRANT ALL ON TABLE public.add_on_features TO service_role;
