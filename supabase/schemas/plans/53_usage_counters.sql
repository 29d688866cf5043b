CREATE TABLE public.usage_counters (
    tenant_id uuid NOT NULL,
    feature_key text NOT NULL,
    period_start date NOT NULL,
    used numeric DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT usage_counters_used_check CHECK ((used >= (0)::numeric))
);

COMMENT ON TABLE public.usage_counters IS 'How much of each limit a tenant has used in each period (month, or a standing count), checked against its entitlements.';
COMMENT ON COLUMN public.usage_counters.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.usage_counters.feature_key IS 'The limit feature.';
COMMENT ON COLUMN public.usage_counters.period_start IS 'First day of the period (month); a fixed date for standing counts.';
COMMENT ON COLUMN public.usage_counters.used IS 'Units used (>= 0).';
COMMENT ON COLUMN public.usage_counters.updated_at IS 'When it last changed.';

ALTER TABLE ONLY public.usage_counters
    ADD CONSTRAINT usage_counters_pkey PRIMARY KEY (tenant_id, feature_key, period_start);

CREATE INDEX usage_counters_feature_idx ON public.usage_counters USING btree (feature_key);

ALTER TABLE ONLY public.usage_counters
    ADD CONSTRAINT usage_counters_feature_key_fkey FOREIGN KEY (feature_key) REFERENCES public.features(key);

ALTER TABLE ONLY public.usage_counters
    ADD CONSTRAINT usage_counters_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.usage_counters ENABLE ROW LEVEL SECURITY;

create policy "usage readers" on public.usage_counters for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: usage readers" on public.usage_counters for select to hq_staff
  using (( SELECT private.has_permission('plans.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.usage_counters FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.usage_counters TO authenticated;
GRANT ALL ON TABLE public.usage_counters TO service_role;
