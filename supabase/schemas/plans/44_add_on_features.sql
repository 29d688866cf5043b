CREATE TABLE public.add_on_features (
    add_on_code text NOT NULL,
    feature_key text NOT NULL,
    value jsonb NOT NULL
);

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
