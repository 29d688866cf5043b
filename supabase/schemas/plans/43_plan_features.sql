CREATE FUNCTION private.plan_features_check_values() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  problem text := private.overage_prices_error(new.overage_prices);
begin
  if problem is not null then
    perform private.fail('plans.invalid', 'the plan is not valid', format('limits.%s: %s', new.feature_key, problem));
  end if;
  return new;
end
$$;

CREATE TABLE public.plan_features (
    plan_id uuid NOT NULL,
    feature_key text NOT NULL,
    value jsonb NOT NULL,
    limit_type text,
    overage_prices jsonb,
    CONSTRAINT plan_features_limit_type_check CHECK ((limit_type = ANY (ARRAY['hard'::text, 'soft'::text, 'overage'::text]))),
    CONSTRAINT plan_features_overage_prices_check CHECK (((overage_prices IS NULL) OR (jsonb_typeof(overage_prices) = 'object'::text)))
);

COMMENT ON TABLE public.plan_features IS 'What each plan version grants: one value per plan and feature, with the limit type and overage prices for limits. Written by public.save_plan (plans.write).';
COMMENT ON COLUMN public.plan_features.plan_id IS 'The plan version.';
COMMENT ON COLUMN public.plan_features.feature_key IS 'The feature.';
COMMENT ON COLUMN public.plan_features.value IS 'The value in the feature''s type: boolean, a number >= 0 or null (unlimited) for a limit, an enum value.';
COMMENT ON COLUMN public.plan_features.limit_type IS 'For limits: hard, soft or overage; null: the feature''s default_limit_type.';
COMMENT ON COLUMN public.plan_features.overage_prices IS 'For overage limits: price per unit beyond the limit by currency {"OMR": 0.05}.';

ALTER TABLE ONLY public.plan_features
    ADD CONSTRAINT plan_features_pkey PRIMARY KEY (plan_id, feature_key);

CREATE INDEX plan_features_feature_idx ON public.plan_features USING btree (feature_key);

CREATE TRIGGER plan_features_check_values BEFORE INSERT OR UPDATE ON public.plan_features FOR EACH ROW EXECUTE FUNCTION private.plan_features_check_values();

ALTER TABLE ONLY public.plan_features
    ADD CONSTRAINT plan_features_feature_key_fkey FOREIGN KEY (feature_key) REFERENCES public.features(key);

ALTER TABLE ONLY public.plan_features
    ADD CONSTRAINT plan_features_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES public.plans(id) ON DELETE CASCADE;

ALTER TABLE public.plan_features ENABLE ROW LEVEL SECURITY;

CREATE POLICY "signed-in users read plan features" ON public.plan_features FOR SELECT TO authenticated USING (true);

REVOKE ALL ON FUNCTION private.plan_features_check_values() FROM PUBLIC, anon, authenticated, service_role;
REVOKE ALL ON FUNCTION private.plan_features_check_values() FROM PUBLIC;

REVOKE ALL ON TABLE public.plan_features FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.plan_features TO authenticated;
GRANT ALL ON TABLE public.plan_features TO service_role;
